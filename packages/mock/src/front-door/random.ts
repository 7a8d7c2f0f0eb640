/** A source of numbers in [0, 1): `Math.random`, or a seeded sequence so a run can be replayed. */
export type Random = () => number;

/**
 * mulberry32: a tiny, well-distributed 32-bit generator. Seeding the mock's own dice (delays, faults)
 * with the same `seed` as Prism makes a whole mock session reproducible.
 */
export function createRandom(seed?: number): Random {
  if (seed === undefined) return Math.random;
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
