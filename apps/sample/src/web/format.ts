const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * "Jan 1, 2025, 12:30 AM (30 minutes after it was created)". The lifetime, not "in 5 minutes": it reads right
 * both for a live session and for the mock's fixed example timestamps.
 */
export function formatExpiry(createdSec: number, expiresSec: number): string {
  const minutes = Math.round((expiresSec - createdSec) / 60);
  const lifetime = minutes === 1 ? '1 minute' : `${minutes} minutes`;
  return `${absolute.format(new Date(expiresSec * 1000))} (${lifetime} after it was created)`;
}

const short = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** "1/1/25, 12:05 AM" for an epoch-seconds timestamp, where space is tight. */
export function formatEpochShort(seconds: number): string {
  return short.format(new Date(seconds * 1000));
}
