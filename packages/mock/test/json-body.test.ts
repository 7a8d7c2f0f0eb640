import { describe, expect, it } from 'vitest';
import { hasJsonBody, jsonParseError } from '../src/json-body.js';

describe('jsonParseError', () => {
  it('passes valid JSON and the empty body (Prism reads that as no body)', () => {
    expect(jsonParseError('{"a":[1,2,{"b":null}]}')).toBeUndefined();
    expect(jsonParseError('')).toBeUndefined();
  });

  it('gives the position of the mistake instead of quoting the body', () => {
    const message = jsonParseError('{"secret":"s3cr3t-value",}');
    expect(message).toBe('Expected double-quoted property name in JSON at position 25');
    expect(jsonParseError('{"secret":"s3cr3t-value" x}')).not.toContain('s3cr3t');
    expect(jsonParseError('{"secret":"s3cr3t-value" x}')).toBe("Expected ',' or '}' after property value in JSON at position 25");
    expect(jsonParseError('[1, 2, }')).toBe("Unexpected token '}' in JSON at position 7");
  });

  it('finds the position in a long body too (where V8 quotes only a window of it)', () => {
    const body = `{"pad":"${'x'.repeat(500)}", "bad": tru}`;
    expect(jsonParseError(body)).toBe(`Unexpected token '}' in JSON at position ${body.length - 1}`);
  });
});

describe('hasJsonBody', () => {
  it('is true for the media types Prism parses as JSON, with a body', () => {
    expect(hasJsonBody({ 'content-type': 'application/json', 'content-length': '2' })).toBe(true);
    expect(hasJsonBody({ 'content-type': 'Application/JSON; charset=utf-8', 'transfer-encoding': 'chunked' })).toBe(true);
    expect(hasJsonBody({ 'content-type': 'application/problem+json', 'content-length': '2' })).toBe(true);
  });

  it('is false without a body or for other media types', () => {
    expect(hasJsonBody({ 'content-type': 'application/json', 'content-length': '0' })).toBe(false);
    expect(hasJsonBody({ 'content-type': 'application/json' })).toBe(false);
    expect(hasJsonBody({ 'content-type': 'text/plain', 'content-length': '2' })).toBe(false);
    expect(hasJsonBody({ 'content-length': '2' })).toBe(false);
  });
});
