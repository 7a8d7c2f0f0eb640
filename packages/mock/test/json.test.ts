import { describe, expect, it, vi } from 'vitest';
import { firstSyntaxError, isJsonMediaType, parseJsonBody } from '../src/engine/json.js';

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

  it('gives the position of the mistake instead of quoting the body', () => {
    expect(reason('{"secret":"s3cr3t-value",}')).toBe("Unexpected token '}' in JSON at position 25");
    expect(reason('{"secret":"s3cr3t-value" x}')).toBe("Unexpected token 'x' in JSON at position 25");
    expect(reason('{"secret":"s3cr3t-value" x}')).not.toContain('s3cr3t');
    expect(reason('[1, 2, }')).toBe("Unexpected token '}' in JSON at position 7");
    expect(reason('{"password":"hunter2", "x": tru}')).toBe("Unexpected token '}' in JSON at position 31");
    expect(reason('{"password":"hunter2", "x": tru}')).not.toContain('hunter2');
  });

  it('says where the input ends too soon, and where JSON ends before the body does', () => {
    expect(reason('{"orderId":"o-1"')).toBe('Unexpected end of input in JSON at position 16');
    expect(reason('   ')).toBe('Unexpected end of input in JSON at position 3');
    expect(reason('{"orderId":"o-1"} x')).toBe("Unexpected token 'x' in JSON at position 18");
  });

  it('finds the position in a long body too (where V8 quotes only a window of it)', () => {
    const body = `{"pad":"${'x'.repeat(500)}", "bad": tru}`;
    expect(reason(body)).toBe(`Unexpected token '}' in JSON at position ${body.length - 1}`);
  });

  it('costs one JSON.parse whatever the size: a 9.9 MB malformed body is never re-parsed to locate the mistake', () => {
    const body = `[${'{"k":"v"},'.repeat(1_000_000)}}`;
    expect(body.length).toBeGreaterThan(9_900_000);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(reason(body)).toBe(`Unexpected token '}' in JSON at position ${body.length - 1}`);
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});

describe('firstSyntaxError (the one linear scan behind a position V8 does not give)', () => {
  it.each([
    ['{"a":}', 5],
    ['[1,,2]', 3],
    ['{"a" 1}', 5],
    ['{a:1}', 1],
    ['[1] [2]', 4],
    ['"\\x"', 0],
    ['{"a":[1,{"b":2]}', 14],
    ['nul', 3],
    ['{"a":', 5],
  ])('%s: position %i', (text, position) => {
    expect(firstSyntaxError(text)).toBe(position);
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
