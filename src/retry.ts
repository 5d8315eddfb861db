// When and how long to wait before trying a request again.
import type { TransportErrorCode } from './errors.js';

export const RETRY_STATUSES = new Set([429, 502, 503, 504]);
export const RETRY_CODES = new Set<TransportErrorCode>(['connection-refused', 'connection-reset', 'network', 'timeout']);

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from now. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a random wait up to base·2^(attempt-1), capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  return Math.min(maxMs, Math.round(random() * baseMs * 2 ** (attempt - 1)));
}

/** Waits, but gives up at once when the signal fires. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
