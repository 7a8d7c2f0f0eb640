/** A session status as a coloured badge; both vendors' spellings (PENDING, pending) map to one style. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`status status-${status.toLowerCase()}`}>{status}</span>;
}
