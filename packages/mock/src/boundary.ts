import { isIP } from 'node:net';

/*
 * The loopback and visible-ASCII rules the mock and the sample app both apply, written once
 * (`@paykit/mock/boundary`). Nothing here loads Prism: the sample imports it at run time.
 */

/**
 * Loopback by name or address: `localhost` and its subdomains (RFC 6761: always loopback), 127.0.0.0/8 and `[::1]`,
 * in any case, with or without a trailing dot. What a DNS rebinding attacker cannot point at their own server.
 */
export function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === '[::1]') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

/** Whether an absolute URL's host is loopback (see `isLoopbackHostname`); false for text that is no URL. */
export function isLoopbackUrl(url: string): boolean {
  return URL.canParse(url) && isLoopbackHostname(new URL(url).hostname);
}

/**
 * Visible ASCII (0x21 to 0x7e), one character or more: what a credential, key or secret that travels in an HTTP
 * header may hold (no spaces, line breaks or accented letters). `@paykit/client` applies the same rule to its keys.
 */
export const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

export function isVisibleAscii(text: string): boolean {
  return VISIBLE_ASCII.test(text);
}
