// The errors the jobs raise themselves (not an HTTP answer): PortainerErrors with a `code`, like the
// client's transport failures, so that callers handle every failure of a call in one way.
import { PortainerError, type PortainerErrorInit } from '../index.js';

export function jobError(init: PortainerErrorInit & Where): PortainerError {
  return new PortainerError(init);
}

/** The PortainerError for a wait the caller's signal (or the job's own time limit) ended. */
export function stoppedError(signal: AbortSignal, where: { method: string; path: string }, limitMs?: number): PortainerError {
  const timedOut = (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
  return jobError({
    ...where,
    code: timedOut ? 'timeout' : 'aborted',
    message: timedOut ? `No end within the time limit${limitMs ? ` (${limitMs} ms)` : ''}` : 'The job was cancelled',
  });
}

export interface Where {
  method: string;
  path: string;
}

/** Bad input to a job, refused before anything is sent (`invalid-request`), named for the call it would have made. */
export function invalidInput(where: Where, message: string): PortainerError {
  return jobError({ ...where, code: 'invalid-request', message });
}
