import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the OS at once: a sync draw per id costs ~10 µs, most of a session's create at scale. */
const POOL_SIZE = 16 * 1024;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

/** `length` cryptographically random bytes (at most 1024), served from a pool refilled when it runs out. */
export function randomBytesPooled(length: number): Buffer {
  if (offset + length > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + length));
  offset += length;
  return bytes;
}
