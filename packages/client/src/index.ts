// `@paykit/client`: the vendor-neutral errors and types. Each API's client is its own entry, `@paykit/client/<api>`.
export * from './core/public.js';
