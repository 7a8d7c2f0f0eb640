function outOfRange(name: string, min: number, max: number, value: unknown): RangeError {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return new RangeError(`${name} must be a whole number from ${min} to ${max} (got ${shown})`);
}

/** Checks a numeric option; the error names the option and the rule. */
export function wholeNumber(value: unknown, name: string, min: number, max: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  throw outOfRange(name, min, max, value);
}

/** Reads a whole number written as text (a flag or an environment variable): digits only. */
export function parseWholeNumber(text: string, name: string, min: number, max: number): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (value >= min && value <= max) return value;
  throw outOfRange(name, min, max, text);
}
