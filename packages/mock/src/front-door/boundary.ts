import { isIP } from 'node:net';
import { isLoopbackHostname } from '../boundary.js';

/*
 * Who may reach the mock: the names it answers to (the Host allowlist, against DNS rebinding) and the web origins
 * whose pages may call it from a browser (CORS on the API, and access to `/__paykit/`). Loopback by default.
 */

/** The `allowedOrigins` entry that stands for every port of localhost, 127.0.0.0/8 and [::1] (http and https). */
export const LOOPBACK = 'loopback';

/** How a setting is spelled where it was given: option, flag or environment variable (for error messages). */
export interface BoundarySettingNames {
  origins: string;
  hosts: string;
}

export const OPTION_NAMES: BoundarySettingNames = { origins: 'allowedOrigins', hosts: 'allowedHosts' };

/** The parts an origin must not have, or the reason it is no http(s) origin at all. */
export function originProblems(value: string): { origin: string; extras: string[] } | { reason: string } {
  let parsed: URL;
  try {
    parsed = new URL(value.trim());
  } catch {
    return { reason: 'the value is not an absolute URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { reason: `the scheme is ${parsed.protocol.slice(0, -1)}` };
  }
  const extras = [
    parsed.username || parsed.password ? 'a user name or password' : undefined,
    parsed.pathname !== '/' ? 'a path' : undefined,
    parsed.search || value.includes('?') ? 'a query' : undefined,
    parsed.hash || value.includes('#') ? 'a fragment' : undefined,
  ].filter((extra): extra is string => extra !== undefined);
  return { origin: parsed.origin, extras };
}

/**
 * Checks `allowedOrigins`: `loopback` or http(s) origins (scheme, host, optional port). `null` and `*` are refused
 * with the reason. Returns them as `URL.origin` spells them. An entry is never quoted (it may hold credentials).
 */
export function checkAllowedOrigins(values: readonly string[], name = OPTION_NAMES.origins): string[] {
  const rule = `${name}: each entry must be ${LOOPBACK} (any port of localhost, 127.0.0.0/8 and [::1]) or an http:// or https:// origin (a scheme, a host and an optional port, e.g. http://127.0.0.1:3000)`;
  return values.map((value, index) => {
    const entry = value.trim();
    const which = `entry ${index + 1}`;
    if (entry.toLowerCase() === LOOPBACK) return LOOPBACK;
    if (entry === 'null') {
      throw new RangeError(
        `${rule}; ${which} is null, the origin of every sandboxed frame, data: and file: page on the web: serve the page from http://localhost instead`,
      );
    }
    if (entry === '*') {
      throw new RangeError(`${rule}; ${which} is *, which would let every web page you visit drive the sandbox`);
    }
    const checked = originProblems(entry);
    if ('reason' in checked) throw new RangeError(`${rule}; ${which}: ${checked.reason}`);
    if (checked.extras.length > 0) throw new RangeError(`${rule}; ${which} has ${checked.extras.join(' and ')}`);
    return checked.origin;
  });
}

/**
 * Checks `allowedHosts`: host names or IP addresses the mock also answers to, beyond the loopback ones (no scheme,
 * port, path or wildcard). Returns them in lower case, IPv6 in brackets.
 */
export function checkAllowedHosts(values: readonly string[], name = OPTION_NAMES.hosts): string[] {
  const rule = `${name}: each entry must be a host name or IP address, without a scheme, port, path or wildcard (e.g. paykit.test)`;
  return values.map((value, index) => {
    const entry = value.trim();
    const bracketed = isIP(entry) === 6 ? `[${entry}]` : entry;
    let hostname: string | undefined;
    try {
      const parsed = new URL(`http://${bracketed}`);
      if (parsed.port === '' && parsed.pathname === '/' && !parsed.username && !parsed.search && !parsed.hash)
        hostname = parsed.hostname;
    } catch {
      hostname = undefined;
    }
    if (!hostname || entry === '' || /[*/?#@\s]/.test(entry) || hostname !== bracketed.toLowerCase()) {
      throw new RangeError(`${rule}; entry ${index + 1} is not one`);
    }
    return hostname;
  });
}

export interface BoundaryOptions {
  /** Default: `['loopback']`. */
  allowedOrigins?: readonly string[];
  /** Names beyond the loopback ones; default none. */
  allowedHosts?: readonly string[];
  /** Origins always allowed on top of `allowedOrigins` (the redirect origin: the app the hosted pages return to). */
  alsoAllowed?: readonly string[];
}

export interface Boundary {
  /** Whether a `Host` header names this mock: a loopback name or address, or an allowed host (any port). */
  hostAllowed(host: string): boolean;
  /** Whether pages of this origin may call the mock from a browser (CORS) and drive `/__paykit/`. */
  originAllowed(origin: string): boolean;
  /** The hosts, in words, for a refusal. */
  readonly hostsInWords: string;
  /** The origins, in words, for a refusal. */
  readonly originsInWords: string;
}

/** `decide`, with its answers kept (up to a bound, then started afresh: headers are the caller's to vary). */
export function remembered(decide: (value: string) => boolean, bound = 1_000): (value: string) => boolean {
  let seen = new Map<string, boolean>();
  return (value) => {
    let verdict = seen.get(value);
    if (verdict === undefined) {
      verdict = decide(value);
      if (seen.size >= bound) seen = new Map();
      seen.set(value, verdict);
    }
    return verdict;
  };
}

export function createBoundary(options: BoundaryOptions = {}): Boundary {
  const origins = checkAllowedOrigins(options.allowedOrigins ?? [LOOPBACK]);
  const exact = new Set([...origins.filter((origin) => origin !== LOOPBACK), ...(options.alsoAllowed ?? [])]);
  const loopback = origins.includes(LOOPBACK);
  const hosts = new Set(checkAllowedHosts(options.allowedHosts ?? []));
  const hostnameOf = (hostAndPort: string): string | undefined => {
    try {
      return new URL(`http://${hostAndPort}`).hostname;
    } catch {
      return undefined;
    }
  };
  const hostAllowed = (host: string): boolean => {
    // A Host header is `name[:port]`: anything else (a path, user info) makes it no host of ours.
    if (/[/?#@\\\s]/.test(host)) return false;
    const hostname = hostnameOf(host);
    return hostname !== undefined && (isLoopbackHostname(hostname) || hosts.has(hostname));
  };
  const originAllowed = (origin: string): boolean => {
    if (exact.has(origin)) return true;
    if (!loopback) return false;
    const parsed = originProblems(origin);
    return (
      'origin' in parsed &&
      parsed.extras.length === 0 &&
      parsed.origin === origin &&
      isLoopbackHostname(new URL(origin).hostname)
    );
  };
  return {
    // Every request asks, almost always with the same few values: each answer is parsed once.
    hostAllowed: remembered(hostAllowed),
    originAllowed: remembered(originAllowed),
    hostsInWords: ['localhost', '127.0.0.0/8', '[::1]', ...hosts].join(', '),
    originsInWords: [...(loopback ? ['any loopback origin'] : []), ...exact].join(', ') || 'none',
  };
}
