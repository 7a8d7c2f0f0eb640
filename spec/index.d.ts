export type ApiName = 'connect' | 'ten99policy';
export declare const apis: readonly ApiName[];
export declare function bundlePath(api: ApiName): string;
