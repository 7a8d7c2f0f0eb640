import { describe, expect, it, vi } from 'vitest';
import { isJsonMediaType, jsonSyntaxError, parseJsonBody } from '../src/engine/json.js';

const reason = (text: string): string | undefined => {
  const parsed = parseJsonBody(Buffer.from(text));
  return parsed.ok ? undefined : parsed.reason;
};

describe('parseJsonBody', () => {
  it('parses valid JSON and reads the empty body as no body', () => {
    expect(parseJsonBody(Buffer.from('{"a":[1,2,{"b":null}]}'))).toEqual({
      ok: true,
      value: { a: [1, 2, { b: null }] },
    });
    expect(parseJsonBody(Buffer.alloc(0))).toEqual({ ok: true, value: undefined });
  });

  it('gives the line, column and position of the mistake and what was expected, instead of quoting the body', () => {
    expect(reason('{"secret":"s3cr3t-value",}')).toBe(
      "Unexpected token '}' in JSON at line 1, column 26 (position 25): a property name in double quotes was expected",
    );
    expect(reason('{"secret":"s3cr3t-value" x}')).toBe(
      "Unexpected token 'x' in JSON at line 1, column 26 (position 25): this is not a JSON value (strings take double quotes; true, false and null are lower case)",
    );
    expect(reason('{"secret":"s3cr3t-value" x}')).not.toContain('s3cr3t');
    expect(reason('[1, 2, }')).toBe(
      "Unexpected token '}' in JSON at line 1, column 8 (position 7): a value was expected",
    );
    // A literal cut short is placed where it starts.
    expect(reason('{"password":"hunter2", "x": tru}')).toMatch(
      /^Unexpected token 't' in JSON at line 1, column 29 \(position 28\): this is not a JSON value/,
    );
    expect(reason('{"password":"hunter2", "x": tru}')).not.toContain('hunter2');
    expect(reason('{"a": 1,\n  "b": 2\n  x}')).toMatch(
      /^Unexpected token 'x' in JSON at line 3, column 3 \(position 20\)/,
    );
    expect(reason('{"a": 1} // why')).toBe(
      "Unexpected token '/' in JSON at line 1, column 10 (position 9): JSON takes no comments",
    );
  });

  it('says where the input ends too soon, and where JSON ends before the body does', () => {
    expect(reason('{"orderId":"o-1"')).toBe(
      'Unexpected end of input in JSON at line 1, column 17 (position 16): a comma or } was expected',
    );
    expect(reason('   ')).toBe(
      'Unexpected end of input in JSON at line 1, column 4 (position 3): a value was expected',
    );
    expect(reason('{"orderId":"o-1"} x')).toMatch(/^Unexpected token 'x' in JSON at line 1, column 19 \(position 18\)/);
    expect(reason('[1] [2]')).toBe(
      "Unexpected token '[' in JSON at line 1, column 5 (position 4): the JSON ended before this",
    );
  });

  it('finds the position in a long body too (where V8 quotes only a window of it)', () => {
    const body = `{"pad":"${'x'.repeat(500)}", "bad": nul}`;
    expect(reason(body)).toMatch(new RegExp(`^Unexpected token 'n' in JSON at line 1, column ${body.length - 3} `));
  });

  it('costs one JSON.parse whatever the size: a 9.9 MB malformed body is never re-parsed to locate the mistake', () => {
    const body = `[${'{"k":"v"},'.repeat(1_000_000)}}`;
    expect(body.length).toBeGreaterThan(9_900_000);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(reason(body)).toBe(
        `Unexpected token '}' in JSON at line 1, column ${body.length} (position ${body.length - 1}): a value was expected`,
      );
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});

describe('jsonSyntaxError (where a text JSON.parse refused goes wrong)', () => {
  it.each([
    ['{"a":}', 5, 'a value was expected'],
    ['[1,,2]', 3, 'a value was expected'],
    ['{"a" 1}', 5, 'a colon was expected'],
    ['{a:1}', 1, 'this is not a JSON value'],
    ["{'a':1}", 1, 'this is not a JSON value'],
    ['[1] [2]', 4, 'the JSON ended before this'],
    ['"\\x"', 0, 'a string holds an escape JSON does not have'],
    ['{"a":[1,{"b":2]}', 14, 'a comma was expected'],
    ['nul', 0, 'this is not a JSON value'],
    ['{"a":', 5, 'a value was expected'],
    ['[1,]', 3, 'a value was expected'],
    ['"a\u0001"', 0, 'raw control character'],
  ])('%s: position %i, %s', (text, position, expected) => {
    const found = jsonSyntaxError(text);
    expect(found.position).toBe(position);
    expect(found.expected).toContain(expected);
  });
});

describe('isJsonMediaType', () => {
  it('is true for the media types Prism parses as JSON', () => {
    expect(isJsonMediaType({ 'content-type': 'application/json' })).toBe(true);
    expect(isJsonMediaType({ 'content-type': 'Application/JSON; charset=utf-8' })).toBe(true);
    expect(isJsonMediaType({ 'content-type': 'application/merge-patch+json' })).toBe(true);
  });

  it('is false for other media types and without one', () => {
    expect(isJsonMediaType({ 'content-type': 'text/plain' })).toBe(false);
    expect(isJsonMediaType({})).toBe(false);
  });
});
