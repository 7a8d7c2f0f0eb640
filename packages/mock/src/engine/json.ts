import type { IncomingHttpHeaders } from 'node:http';
import { type ParseErrorCode, printParseErrorCode, visit } from 'jsonc-parser';

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
 * Parses a JSON body (an empty one is "no body"). When it does not parse, says where and what was expected without
 * quoting it (the body may hold a secret), in one wording whatever the Node version (V8's messages differ between
 * releases). Never more than one scan after the failed parse, up to the mistake, whatever the size.
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
  } catch {
    const { position, line, column, found, expected } = jsonSyntaxError(text);
    return {
      ok: false,
      reason: `${found} in JSON at line ${line}, column ${column} (position ${position}): ${expected}`,
    };
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
const MAX_JSON_DEPTH = 100;

/** The deepest nesting of arrays and objects in valid JSON `text` (one pass; brackets inside strings skipped). */
function nestingDepth(text: string): number {
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

/** What jsonc-parser's error codes mean, for a reader. */
const EXPECTED: Partial<Record<ReturnType<typeof printParseErrorCode>, string>> = {
  ValueExpected: 'a value was expected',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a comma or } was expected',
  CloseBracketExpected: 'a comma or ] was expected',
  EndOfFileExpected: 'the JSON ended before this',
  InvalidSymbol: 'this is not a JSON value (strings take double quotes; true, false and null are lower case)',
  InvalidNumberFormat: 'a number is malformed',
  UnexpectedEndOfNumber: 'a number is cut short',
  UnexpectedEndOfString: 'a string is not closed on its line (or holds a raw control character)',
  InvalidEscapeCharacter: 'a string holds an escape JSON does not have',
  InvalidUnicode: 'a string holds a malformed \\u escape',
  InvalidCharacter: 'a string holds a raw control character',
  InvalidCommentToken: 'JSON takes no comments',
};

/** Found it: stops jsonc-parser's walk at the first mistake, so a long body is read only up to it. */
class Located {
  constructor(
    readonly code: ParseErrorCode,
    readonly position: number,
    readonly line: number,
    readonly column: number,
  ) {}
}

/**
 * Where `text`, which JSON.parse refused, first goes wrong (jsonc-parser's scanner, comments and trailing commas
 * disallowed: the start of the offending token; line and column from 1) and what was expected there, without quoting
 * it. One scan, stopped at the mistake.
 */
export function jsonSyntaxError(text: string): {
  position: number;
  line: number;
  column: number;
  found: string;
  expected: string;
  reason: string;
} {
  let located: Located | undefined;
  try {
    visit(
      text,
      {
        onError(code, offset, _length, line, column) {
          throw new Located(code, offset, line + 1, column + 1);
        },
      },
      { disallowComments: true, allowTrailingComma: false },
    );
  } catch (error) {
    if (!(error instanceof Located)) throw error;
    located = error;
  }
  // JSON.parse and jsonc-parser agree on JSON; should they ever not, the mistake is placed at the end.
  const { code, position, line, column } = located ?? endOf(text);
  const character = text[position];
  const found = character === undefined ? 'Unexpected end of input' : `Unexpected token '${character}'`;
  const expected = (code !== undefined && EXPECTED[printParseErrorCode(code)]) || 'this is not valid JSON';
  return { position, line, column, found, expected, reason: `${found} in JSON at position ${position}: ${expected}` };
}

function endOf(text: string): { code: undefined; position: number; line: number; column: number } {
  const lines = text.split('\n');
  return { code: undefined, position: text.length, line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}
