import type { IncomingHttpHeaders } from 'node:http';

// JSON as the mock reads it: which bodies are JSON, parsing them within limits, and where a broken one breaks (for
// request bodies and spec files alike).

/** The media types Prism parses as JSON (its server uses `type-is` with these two patterns). */
export function isJsonMediaType(headers: IncomingHttpHeaders): boolean {
  const contentType = headers['content-type'];
  if (contentType === undefined) return false;
  const semicolon = contentType.indexOf(';');
  const media = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json'));
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Parses a JSON body (an empty one is "no body"). When it does not parse, says where and at what without quoting it
 * (the body may hold a secret), in one wording whatever the Node version (V8's messages differ between releases):
 * the position V8 names when it names one, else one linear scan finds it. Never more than one pass after the failed
 * parse, whatever the size.
 */
export function parseJsonBody(raw: Buffer): ParsedBody {
  if (raw.length === 0) return { ok: true, value: undefined };
  let text: string;
  try {
    text = UTF8.decode(raw);
  } catch {
    // JSON text is UTF-8 (RFC 8259 §8.1); replacing bad bytes would hand the sandbox a value nobody sent.
    return { ok: false, reason: 'it is not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: jsonSyntaxError(text, error as Error).reason };
  }
  const depth = nestingDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    return {
      ok: false,
      reason: `it nests arrays and objects ${depth} levels deep, and the mock takes at most ${MAX_JSON_DEPTH}`,
    };
  }
  return { ok: true, value };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * How deep a JSON body may nest. Far beyond any vendor's payload, and far below what recursive code downstream
 * (schema validation, the sandbox's copies and fingerprints) can take before the stack runs out.
 */
export const MAX_JSON_DEPTH = 100;

/** The deepest nesting of arrays and objects in valid JSON `text` (one pass; brackets inside strings skipped). */
export function nestingDepth(text: string): number {
  // Fewer brackets than the limit cannot nest past it: most bodies end here.
  if (text.length <= MAX_JSON_DEPTH * 2) return 0;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let at = 0; at < text.length; at++) {
    const char = text.charCodeAt(at);
    if (inString) {
      if (char === 0x5c)
        at++; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      if (++depth > deepest) deepest = depth;
    } else if (char === 0x5d || char === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

/** Where `text`, which JSON.parse refused with `error`, goes wrong, and a reason that does not quote it. */
export function jsonSyntaxError(text: string, error: Error): { position: number; reason: string } {
  const named = /\bat position (\d+)/.exec(error.message)?.[1];
  const position =
    named !== undefined
      ? Number(named)
      : error.message === 'Unexpected end of JSON input'
        ? text.length
        : firstSyntaxError(text);
  const character = text[position];
  const found = character === undefined ? 'end of input' : `token '${character}'`;
  return { position, reason: `Unexpected ${found} in JSON at position ${position}` };
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON (RFC 8259 §7) forbids raw U+0000–U+001F inside a string; the range is the rule, not a typo.
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** Offset of the first character where `text` stops being JSON (one pass, no recursion). */
export function firstSyntaxError(text: string): number {
  let at = 0;
  const skip = (): void => {
    while (WHITESPACE.has(text[at] as string)) at++;
  };
  const take = (pattern: RegExp): boolean => {
    pattern.lastIndex = at;
    if (!pattern.test(text)) return false;
    at = pattern.lastIndex;
    return true;
  };
  // What the grammar expects next, with a stack of the open containers.
  const open: ('{' | '[')[] = [];
  type Want = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';
  let want: Want = 'value';
  for (;;) {
    skip();
    const char = text[at];
    switch (want) {
      case 'value':
      case 'value-or-close':
        if (want === 'value-or-close' && char === ']') {
          open.pop();
          at++;
          want = open.length ? 'comma-or-close' : 'end';
          break;
        }
        if (char === '{' || char === '[') {
          open.push(char);
          at++;
          want = char === '{' ? 'key-or-close' : 'value-or-close';
          break;
        }
        if (char === '"' ? take(STRING) : take(NUMBER)) {
          want = open.length ? 'comma-or-close' : 'end';
          break;
        }
        for (const literal of ['true', 'false', 'null']) {
          if (text.startsWith(literal, at)) {
            at += literal.length;
            want = open.length ? 'comma-or-close' : 'end';
            break;
          }
        }
        if (want === 'value' || want === 'value-or-close') {
          // A literal cut short (`tru}`) goes wrong where it stops matching, as V8 counts it.
          const literal = ['true', 'false', 'null'].find((candidate) => candidate[0] === char);
          let matched = 0;
          while (literal && matched < literal.length && text[at + matched] === literal[matched]) matched++;
          return at + matched;
        }
        break;
      case 'key':
      case 'key-or-close':
        if (want === 'key-or-close' && char === '}') {
          open.pop();
          at++;
          want = open.length ? 'comma-or-close' : 'end';
          break;
        }
        if (char !== '"' || !take(STRING)) return at;
        want = 'colon';
        break;
      case 'colon':
        if (char !== ':') return at;
        at++;
        want = 'value';
        break;
      case 'comma-or-close': {
        const container = open[open.length - 1];
        if (char === ',') {
          at++;
          want = container === '{' ? 'key' : 'value';
        } else if ((container === '{' && char === '}') || (container === '[' && char === ']')) {
          open.pop();
          at++;
          want = open.length ? 'comma-or-close' : 'end';
        } else {
          return at;
        }
        break;
      }
      case 'end':
        return at;
    }
  }
}
