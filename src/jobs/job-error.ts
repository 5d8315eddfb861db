// The errors the jobs raise themselves (not an HTTP answer): PortainerErrors with a `code`, like the
// client's transport failures, so that callers handle every failure of a call in one way.
import { PortainerError, type TransportErrorCode } from '../index.js';

/** Codes the jobs add to the client's own (the lead merges them into the error-code union). */
export type JobErrorCode =
  | 'output-limit' // more output than the caller allowed
  | 'exit-code-unknown' // the process ended but the daemon never reported its exit code
  | 'websocket'; // a terminal's WebSocket could not be opened or failed

export interface JobErrorInit {
  code: JobErrorCode | TransportErrorCode;
  message: string;
  details?: string;
  method: string;
  path: string;
}

export function jobError(init: JobErrorInit): PortainerError {
  return new PortainerError({ ...init, code: init.code as TransportErrorCode });
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
