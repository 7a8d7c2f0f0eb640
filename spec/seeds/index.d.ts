export interface Seed {
  /** The fixture's file name in this folder. */
  file: string;
  /** The vendors paykit started from; an API imported later has no seeds. */
  api: 'connect' | 'ten99policy';
  method: 'get' | 'post';
  path: string;
  status: string;
  /** The name of the spec example that equals the seed body. */
  example: string;
  /**
   * Whether that example is the operation's first, which the mock serves by default; when false the mock serves it
   * when asked by name (`Prefer: example=<example>`) and its default is the typical state (a cancelled session).
   */
  isDefault: boolean;
  /** The vendor's documented response body, verbatim. */
  body: Record<string, unknown>;
}

export declare const seeds: readonly Seed[];
