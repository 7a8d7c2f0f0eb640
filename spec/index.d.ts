import type { ApiName } from './generated/apis.js';

export type { ApiName };
/** The APIs of spec/redocly.yaml's `apis:`, in its order (generated: run `pnpm generate` after editing that list). */
export declare const apis: readonly ApiName[];
/** Whether `name` is an API of spec/redocly.yaml (narrows a string from a CLI flag or an environment variable). */
export declare function isApiName(name: string): name is ApiName;
/** Absolute path of an API's bundled single-file spec, `spec/dist/<api>.json` (produced by `pnpm bundle`). */
export declare function bundlePath(api: ApiName): string;
/** Absolute path of an API's source folder, `spec/<api>` (its root `openapi.yaml`, `paths/`, `components/`). */
export declare function apiDir(api: ApiName): string;
