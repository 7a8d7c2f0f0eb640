import type { MaybeOptionalInit, Middleware } from 'openapi-fetch';
import type { PaykitApiError } from './errors.js';
import type { CallOptions } from './options.js';

// The client keeps openapi-fetch's call signatures (paths, params, body, parseAs, signal, ...) and changes two
// things: every call also accepts CallOptions, and `error` is a PaykitApiError narrowable by status and code.

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/** Path templates of `Paths` that have `Method`. */
export type PathsWithMethod<Paths, Method extends HttpMethod> = {
  [Path in keyof Paths]: Paths[Path] extends { [M in Method]: unknown } ? Path : never;
}[keyof Paths];

type RequiredKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/** Like openapi-fetch's: the init argument is optional when nothing in it is required. */
type InitParam<Init> =
  RequiredKeysOf<Init> extends never
    ? [(Init & CallOptions & { [key: string]: unknown })?]
    : [Init & CallOptions & { [key: string]: unknown }];

type ResponsesOf<Operation> = Operation extends { responses: infer Responses } ? Responses : never;

/** HTTP statuses in 400-599 that the spec documents for an operation (`default`/`4XX`/`5XX` become `number`). */
type ErrorStatuses<Responses> = {
  [S in keyof Responses]: S extends number
    ? `${S}` extends `4${string}` | `5${string}`
      ? S
      : never
    : S extends 'default' | '4XX' | '5XX'
      ? S
      : never;
}[keyof Responses];

type StatusNumber<S> = S extends number ? S : number;

type BodyOf<Response> = Response extends { content: infer Content }
  ? Content extends { 'application/json': infer Body }
    ? Body
    : Content[keyof Content]
  : undefined;

/** The `error` of an operation: one PaykitApiError per documented error status, narrowable by `status`. */
export type OperationError<Operation, Code extends string | undefined> = {
  [S in ErrorStatuses<ResponsesOf<Operation>>]: PaykitApiError<
    StatusNumber<S>,
    BodyOf<ResponsesOf<Operation>[S]>,
    Code
  >;
}[ErrorStatuses<ResponsesOf<Operation>>];

/** 2xx statuses the spec documents for an operation. */
type SuccessStatuses<Responses> = {
  [S in keyof Responses]: S extends number ? (`${S}` extends `2${string}` ? S : never) : S extends '2XX' ? S : never;
}[keyof Responses];

type SuccessBody<Operation> = BodyOf<ResponsesOf<Operation>[SuccessStatuses<ResponsesOf<Operation>>]>;

/** What openapi-fetch's `parseAs` turns the body into. */
type ParsedAs<Body> = {
  json: Body;
  text: string;
  blob: Blob;
  arrayBuffer: ArrayBuffer;
  stream: ReadableStream<Uint8Array> | null;
};

type SuccessData<Operation, Init> = Init extends { parseAs: infer As extends keyof ParsedAs<unknown> }
  ? ParsedAs<SuccessBody<Operation>>[As]
  : SuccessBody<Operation>;

/** What every call resolves to: `data` on a 2xx, otherwise `error`; `response` always. */
export type PaykitResponse<Operation, Init, Code extends string | undefined> =
  | { data: SuccessData<Operation, Init>; error?: never; response: Response }
  | { data?: never; error: OperationError<Operation, Code>; response: Response };

type OperationAt<Paths, Path, Method> = Path extends keyof Paths
  ? Method extends keyof Paths[Path]
    ? Paths[Path][Method]
    : never
  : never;

export type PaykitMethod<Paths extends {}, Method extends HttpMethod, Code extends string | undefined> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path], Method & keyof Paths[Path]>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<PaykitResponse<OperationAt<Paths, Path, Method>, Init, Code>>;

/**
 * An openapi-fetch client typed by the generated `paths`, with retries, timeouts, idempotency keys, validation and
 * typed errors. `Code` is the type of the vendor's error code.
 */
export interface PaykitClient<Paths extends {}, Code extends string | undefined> {
  GET: PaykitMethod<Paths, 'get', Code>;
  PUT: PaykitMethod<Paths, 'put', Code>;
  POST: PaykitMethod<Paths, 'post', Code>;
  DELETE: PaykitMethod<Paths, 'delete', Code>;
  OPTIONS: PaykitMethod<Paths, 'options', Code>;
  HEAD: PaykitMethod<Paths, 'head', Code>;
  PATCH: PaykitMethod<Paths, 'patch', Code>;
  TRACE: PaykitMethod<Paths, 'trace', Code>;
  /** Calls `method` on `url`, like the methods above. */
  request<
    Method extends HttpMethod,
    Path extends PathsWithMethod<Paths, Method>,
    Init extends MaybeOptionalInit<Paths[Path], Method & keyof Paths[Path]>,
  >(
    method: Method,
    url: Path,
    ...init: InitParam<Init>
  ): Promise<PaykitResponse<OperationAt<Paths, Path, Method>, Init, Code>>;
  /** Registers openapi-fetch middleware. It runs on every attempt (a retry is a whole new openapi-fetch call). */
  use(...middleware: Middleware[]): void;
  /** Unregisters middleware. */
  eject(...middleware: Middleware[]): void;
}

/**
 * The type of the error code at `Location` in an error body (`['error', 'code']`, `['errors', 0, 'code']`), over
 * every member of a union; `string` when no member has a string there.
 */
export type CodeAt<Body, Location extends readonly (string | number)[]> = [CodeIn<Body, Location>] extends [never]
  ? string
  : CodeIn<Body, Location>;

type CodeIn<T, Location extends readonly unknown[]> = Location extends readonly [infer Key, ...infer Rest]
  ? T extends unknown
    ? Key extends number
      ? T extends readonly (infer Item)[]
        ? CodeIn<NonNullable<Item>, Rest>
        : never
      : Key extends keyof T
        ? CodeIn<NonNullable<T[Key]>, Rest>
        : never
    : never
  : Extract<T, string>;
