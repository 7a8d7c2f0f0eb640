import { describe, expect, it } from 'vitest';
import { isLoopbackHostname, isLoopbackUrl, isVisibleAscii } from '../src/boundary.js';

// The rules `@paykit/mock/boundary` shares with the sample app: a host that only looks like loopback is not.
describe('isLoopbackHostname', () => {
  it.each(['localhost', 'LOCALHOST', 'localhost.', 'app.localhost', '127.0.0.1', '127.1.2.3', '127.0.0.1.', '[::1]'])(
    'takes %s',
    (hostname) => {
      expect(isLoopbackHostname(hostname)).toBe(true);
    },
  );

  it.each([
    '127.0.0.1.evil.com',
    'localhost.evil.com',
    '[::1]:80@evil',
    'evil.com',
    '127.0.0.256',
    '128.0.0.1',
    '0.0.0.0',
    '[::]',
    '[::ffff:127.0.0.1]',
    '',
  ])('refuses %s', (hostname) => {
    expect(isLoopbackHostname(hostname)).toBe(false);
  });
});

describe('isLoopbackUrl', () => {
  it('reads the host of the URL, whatever its case, port or trailing dot', () => {
    expect(isLoopbackUrl('http://LOCALHOST:4010')).toBe(true);
    expect(isLoopbackUrl('http://127.0.0.1.:4011/x')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:4010')).toBe(true);
  });

  it('refuses a host that only starts or ends like loopback, and text that is no URL', () => {
    expect(isLoopbackUrl('http://127.0.0.1.evil.com:4010')).toBe(false);
    expect(isLoopbackUrl('http://localhost.evil.com')).toBe(false);
    // The user info is not the host: this URL's host is evil.
    expect(isLoopbackUrl('http://[::1]:80@evil/')).toBe(false);
    expect(isLoopbackUrl('http://localhost@evil.com/')).toBe(false);
    expect(isLoopbackUrl('127.0.0.1:4010')).toBe(false);
    expect(isLoopbackUrl('not a url')).toBe(false);
  });
});

describe('isVisibleAscii', () => {
  it('takes printable ASCII without blanks, and nothing else', () => {
    expect(isVisibleAscii('t9k_test_abc-123~!')).toBe(true);
    for (const text of ['', 'a b', 'a\tb', 'key\n', 'clé', 'a\u0000b', 'a\u007fb'])
      expect(isVisibleAscii(text)).toBe(false);
  });
});
