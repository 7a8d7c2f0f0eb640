/** A vendor fact: read from an `x-paykit-*` mark, or inferred by a documented rule (`reason` says which and why). */
export type Fact<T> = T & { source: 'mark' | 'inferred'; reason?: string };

/** One Overlay 1.0 action that would make an inferred fact explicit (`update` is merged into `target`'s node). */
export interface OverlaySuggestion {
  /** JSONPath into the vendor document, e.g. `$.components.schemas.Error`. */
  target: string;
  update: Record<string, unknown>;
  /** Why: `inferred: …`. */
  description: string;
}

export interface IdempotencyFact {
  path: string;
  /** Upper-case. */
  method: string;
  operationId: string | undefined;
  /** The header name as the document spells it. */
  header: string;
  /** The schema's maxLength, else 256. */
  maxLength: number;
  /** True only where the vendor documents that a repeated key returns the first answer. */
  replays: boolean;
  /** JSON pointer of the header's Parameter Object. */
  pointer: string;
}

export interface ErrorCodeFact {
  /** Where the code sits in the error body: `['error', 'code']`, `['errors', 0, 'code']`. */
  location: Array<string | number>;
  /** The same, written `error.code`, `errors[0].code`. */
  text: string;
  /** JSON pointer of the error body schema, or null when the document declares none. */
  schema: string | null;
}

export interface VendorFacts {
  /** `info.title` up to a ` — `. */
  title: string;
  servers: {
    production?: Fact<{ url: string }>;
    sandbox?: Fact<{ url: string }>;
    mock?: Fact<{ url: string; port: number }>;
  };
  /** The production URL with its variables' defaults; null: callers must pass `baseUrl`. */
  defaultBaseUrl: string | null;
  /** One per operation that sends an idempotency header. */
  idempotency: Array<Fact<IdempotencyFact>>;
  /** Null: errors carry their status and body, no code. */
  errorCode: Fact<ErrorCodeFact> | null;
  /** JSON pointer of the most used 4xx/5xx/default JSON response schema (with or without a code), or null. */
  errorBody: string | null;
  /** String properties whose values are redacted. */
  secrets: Array<Fact<{ field: string; pointer: string }>>;
  /** The status each security scheme's refusals carry, by scheme name. */
  refusalStatus: Record<string, 401 | 403>;
  /** What could be neither read nor inferred, each a sentence naming the place and the fix. */
  gaps: string[];
  /** The inferred facts as Overlay 1.0 actions. */
  suggestions: OverlaySuggestion[];
}

/** Header names recognised as an idempotency key without a mark (compared case-insensitively). */
export declare const IDEMPOTENCY_HEADERS: readonly string[];
/** The longest idempotency key accepted when the header's schema sets no maxLength. */
export declare const DEFAULT_IDEMPOTENCY_KEY_MAX_LENGTH: number;

/** The resolved vendor facts of a bundled OpenAPI document; `api` names the API in the gaps' sentences. */
export declare function vendorFacts(bundle: Record<string, any>, api: string): VendorFacts;
/** `#/paths/~1v1~1x/post` → `$.paths['/v1/x'].post`. */
export declare function pointerToJsonPath(pointer: string): string;
/** `errors[0].code` → `['errors', 0, 'code']`; undefined when malformed. */
export declare function parseLocation(text: unknown): Array<string | number> | undefined;
/** `['errors', 0, 'code']` → `errors[0].code`. */
export declare function formatLocation(location: ReadonlyArray<string | number>): string;
