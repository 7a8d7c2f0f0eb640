/** The value at `location` in a parsed body (`['errors', 0, 'code']`), or undefined where the path breaks off. */
export function valueAt(body: unknown, location: readonly (string | number)[]): unknown {
  let value = body;
  for (const key of location) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}
