export interface BundleOperation {
  kind: 'path' | 'webhook';
  method: string;
  /** The path template, or the webhook's name. */
  path: string;
  /** JSON pointer of the operation in the bundle. */
  pointer: string;
  operation: Record<string, any>;
  pathItem: Record<string, any>;
}

export interface NamedExample {
  kind: 'path' | 'webhook';
  method: string;
  path: string;
  operationId: string;
  in: 'requestBody' | 'response';
  /** The response status (`in: 'response'` only). */
  status?: string;
  mediaType: string;
  name: string;
  value: unknown;
  /** JSON pointer of the schema the example must satisfy. */
  schemaPointer: string;
}

export declare function operations(bundle: Record<string, any>): Generator<BundleOperation>;
export declare function namedExamples(bundle: Record<string, any>): Generator<NamedExample>;

/** Follows a local `$ref` chain from `node` (found at `pointer`); returns the target and the pointer where it lives. */
export declare function resolveRef<T = any>(
  bundle: Record<string, any>,
  node: unknown,
  pointer?: string,
): { node: T; pointer: string };
