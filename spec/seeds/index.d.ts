import type { ApiName } from '../index.js';

export interface Seed {
  /** The fixture's file name in this folder. */
  file: string;
  api: ApiName;
  method: 'get' | 'post';
  path: string;
  status: string;
  /** The spec example that equals the seed body: the first one the mock serves. */
  example: string;
  /** The vendor's documented response body, verbatim. */
  body: Record<string, unknown>;
}

export declare const seeds: readonly Seed[];
