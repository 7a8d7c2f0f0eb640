/**
 * The rule of a number option: a whole number from `min` to `max`. Apart from its zod schema (`wholeNumber` in
 * settings-schema.ts, which says the rule when it is broken) so that startMock lets good numbers through without
 * loading zod.
 */
export function isWholeNumber(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Number options by name, each with its range (`[min, max]`). */
export type NumberRanges = Readonly<Record<string, readonly [min: number, max: number]>>;

/** Whether every number given is in its range (an option left out is fine). */
export function wholeNumbersIn(numbers: Readonly<Record<string, unknown>>, ranges: NumberRanges): boolean {
  return Object.entries(ranges).every(
    ([name, [min, max]]) => numbers[name] === undefined || isWholeNumber(numbers[name], min, max),
  );
}
