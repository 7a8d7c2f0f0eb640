import { z } from 'zod';
import { parseSettings, wholeNumber } from './settings-schema.js';
import type { NumberRanges } from './whole-number.js';

/**
 * Throws a RangeError naming every number option out of its range, with the rule (zod's check, worded as every
 * setting's is). startMock loads this module only when `wholeNumbersIn` finds a number out of range.
 */
export function refuseNumbers(numbers: Readonly<Record<string, unknown>>, ranges: NumberRanges): never {
  const shape = Object.fromEntries(
    Object.entries(ranges).map(([name, [min, max]]) => [name, wholeNumber(min, max).optional()]),
  );
  parseSettings(z.object(shape), numbers, (problems) => new RangeError(problems.join('\n')));
  throw new Error(`${Object.keys(numbers).join(', ')}: zod passed what wholeNumbersIn refused`);
}
