import { describe, expect, it } from 'vitest';
import { fingerprint, IdempotencyKeys } from '../../src/sandbox/idempotency.js';

const tail = ',"operationId":"createPaymentSession","pathParams":{"id":"ps_1"}}';

/**
 * The text fingerprints have always had, pinned: a state file saved by an earlier version must still match, whatever
 * a rewrite of `fingerprint` does for speed. Keys sorted at every depth, arrays in their order, no body as null.
 */
const pinned: [body: unknown, text: string][] = [
  [undefined, `{"body":null${tail}`],
  [null, `{"body":null${tail}`],
  [
    { contractor: 'cn_1', return_url: 'https://example.com/r?a=1&b="x"' },
    `{"body":{"contractor":"cn_1","return_url":"https://example.com/r?a=1&b=\\"x\\""}${tail}`,
  ],
  [
    { b: [3, { z: 1, a: [null, true, 'é\u2028'] }], a: { y: 2, x: 1 } },
    `{"body":{"a":{"x":1,"y":2},"b":[3,{"a":[null,true,"é\u2028"],"z":1}]}${tail}`,
  ],
  // Keys JavaScript orders itself (array indices first, ascending), whatever order they are sorted in.
  [
    { 10: 'ten', 9: 'nine', a: 1, '01': 'not an index', 4294967295: 'not an index either', 4294967294: 'max index' },
    `{"body":{"9":"nine","10":"ten","4294967294":"max index","01":"not an index","4294967295":"not an index either","a":1}${tail}`,
  ],
  [
    { metadata: { source: 'bench-1', nested: JSON.parse('{"": "empty key", "__proto__": "proto as data"}') } },
    `{"body":{"metadata":{"nested":{"":"empty key","__proto__":"proto as data"},"source":"bench-1"}}${tail}`,
  ],
  [[1, 'two', [3]], `{"body":[1,"two",[3]]${tail}`],
  ['a string body', `{"body":"a string body"${tail}`],
  [42.5, `{"body":42.5${tail}`],
];

describe('idempotency fingerprint', () => {
  it('is the text the sorted-copy fingerprint wrote, for every kind of JSON body', () => {
    for (const [body, text] of pinned) {
      const parsed = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
      expect(fingerprint('createPaymentSession', { id: 'ps_1' }, parsed)).toBe(text);
    }
  });

  it('ignores key order and whitespace, and tells different requests apart', () => {
    const one = fingerprint('op', {}, JSON.parse('{"a": 1, "b": {"d": [1, 2], "c": null}}'));
    const same = fingerprint('op', {}, JSON.parse('{"b":{"c":null,"d":[1,2]},"a":1}'));
    expect(same).toBe(one);
    expect(fingerprint('op', {}, JSON.parse('{"b":{"c":null,"d":[2,1]},"a":1}'))).not.toBe(one);
    expect(fingerprint('other', {}, JSON.parse('{"a":1,"b":{"c":null,"d":[1,2]}}'))).not.toBe(one);
    expect(fingerprint('op', { id: 'x' }, JSON.parse('{"a":1,"b":{"c":null,"d":[1,2]}}'))).not.toBe(one);
  });
});

describe('IdempotencyKeys', () => {
  const answer = { status: 201, headers: { 'x-one': '1' }, body: { id: 'ps_1', nested: { list: [1, 2] } } };

  it('gives back the first answer as it was, a fresh copy each time', () => {
    const keys = new IdempotencyKeys();
    const given = structuredClone(answer);
    keys.remember('k1', 'print', given, 1_000, 'ps_1');
    given.body.nested.list.push(3);
    const first = keys.recall('k1', 2_000);
    expect(first).toEqual({ fingerprint: 'print', answer, expiresAt: 1_000 + 24 * 60 * 60 * 1000, session: 'ps_1' });
    (first?.answer.body as typeof answer.body).id = 'changed';
    expect(keys.recall('k1', 2_000)?.answer).toEqual(answer);
  });

  it('keeps the first answer for a key, and forgets it once expired', () => {
    const keys = new IdempotencyKeys();
    keys.remember('k1', 'print', answer, 0);
    keys.remember('k1', 'other', { status: 400, body: { error: 'no' } }, 1);
    expect(keys.recall('k1', 2)?.fingerprint).toBe('print');
    expect(keys.recall('k1', 24 * 60 * 60 * 1000)).toBeUndefined();
    expect(keys.size).toBe(0);
  });

  it('saves and restores its entries (the state file) unchanged', () => {
    const keys = new IdempotencyKeys();
    keys.remember('k1', 'print-1', answer, 0, 'ps_1');
    keys.remember('k2', 'print-2', { status: 400, body: { error_code: 'invalid_input' } }, 5);
    const saved = JSON.parse(JSON.stringify(keys.entries()));
    const restored = new IdempotencyKeys();
    for (const [key, entry] of saved) restored.restore(key, entry);
    expect(restored.entries()).toEqual(keys.entries());
    expect(restored.recall('k2', 10)?.answer).toEqual({ status: 400, body: { error_code: 'invalid_input' } });
  });
});
