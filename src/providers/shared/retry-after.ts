/** retryAfterSeconds is a GraphQL Int (32-bit): a longer wait is capped rather than failing the field. */
const MAX_SECONDS = 2_147_483_647;

/**
 * Reads Retry-After, which may be delta-seconds or an HTTP date, as whole seconds from `now`.
 * Returns null when it is absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number.parseInt(trimmed, 10), MAX_SECONDS);
  // An HTTP date names its day and month. Without a letter it is not one: V8's lenient
  // Date.parse would read "1.5" or "-5" as a date in 2001, i.e. "retry now".
  if (!/[A-Za-z]/.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.min(Math.max(0, Math.ceil((date - now.getTime()) / 1000)), MAX_SECONDS);
}
