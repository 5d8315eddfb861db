// When and how long to wait before trying a request again.
import type { PortainerErrorCode } from './errors.js';

export const RETRY_STATUSES = new Set([429, 502, 503, 504]);
export const RETRY_CODES = new Set<PortainerErrorCode>(['connection-refused', 'connection-reset', 'network', 'timeout', 'unreadable-body']);

// RFC 9110 IMF-fixdate, the form servers send: `Sun, 06 Nov 1994 08:49:37 GMT`.
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Retry-After (delay-seconds or an HTTP date) in ms from now; undefined when malformed. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  const value = header?.trim() ?? '';
  if (/^\d{1,9}$/.test(value)) return Number(value) * 1000;
  if (!HTTP_DATE.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a random wait up to base·2^(attempt-1), capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  return Math.min(maxMs, Math.round(random() * baseMs * 2 ** (attempt - 1)));
}
