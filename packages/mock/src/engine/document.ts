/** A parsed OpenAPI document (a bundle, read as JSON): its members are read by name and narrowed where used. */
export type OpenApiDocument = Record<string, unknown>;

/** A JSON Schema as the engine walks it: the members it reads, every other keyword unknown. */
export interface SchemaObject {
  properties?: Record<string, SchemaObject>;
  items?: SchemaObject;
  required?: string[];
  type?: unknown;
  [keyword: string]: unknown;
}
