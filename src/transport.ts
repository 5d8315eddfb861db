// The one place requests leave the client: credentials, per-attempt time limits, the caller's
// AbortSignal, retries with backoff, one replay after a 401, and a TLS dispatcher scoped to this
// client. openapi-fetch builds the Request; this sends it.
import { Agent, type Dispatcher } from 'undici';
import type { Credentials } from './credentials.js';
import { PortainerError, errorFromTransport, transportCode } from './errors.js';
import type { FetchLike, ResolvedOptions } from './options.js';
import { RETRY_CODES, RETRY_STATUSES, backoffMs, retryAfterMs, sleep } from './retry.js';

export interface SendOptions {
  /** The body can be sent again (not a one-shot stream). */
  replayable: boolean;
  /** The caller reads the body as a stream: the time limit covers the wait for headers only. */
  streaming: boolean;
  /** Retries allowed for this call, whatever the method. */
  retry?: boolean;
}

export type Send = (request: Request, options: SendOptions) => Promise<Response>;

function dispatcherFor({ tls, socketPath }: ResolvedOptions): Dispatcher | undefined {
  const customTls = tls && (tls.ca !== undefined || tls.insecureSkipVerify);
  if (!customTls && !socketPath) return undefined;
  return new Agent({
    connect: {
      ...(socketPath ? { socketPath } : {}),
      ...(tls?.ca !== undefined ? { ca: tls.ca } : {}),
      // An explicit opt-in, for self-signed test installs only.
      ...(tls?.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
    },
  });
}

export interface Transport {
  send: Send;
  /** Sends without credentials, retries or replays (login and logout use it). */
  raw: (request: Request) => Promise<Response>;
  close(): Promise<void>;
}

export function createTransport(options: ResolvedOptions, credentials: () => Credentials): Transport {
  const fetchImpl: FetchLike = options.fetch ?? (globalThis.fetch as FetchLike);
  const dispatcher = dispatcherFor(options);
  const secrets = () => credentials().secrets();

  /** One attempt, under the per-attempt time limit and the caller's signal. */
  async function attempt(request: Request, streaming: boolean): Promise<Response> {
    const caller = request.signal;
    const timer = new AbortController();
    const timeout =
      options.timeoutMs > 0
        ? setTimeout(() => timer.abort(new DOMException(`no answer within ${options.timeoutMs} ms`, 'TimeoutError')), options.timeoutMs)
        : undefined;
    timeout?.unref?.();
    const signal = AbortSignal.any([caller, timer.signal]);
    try {
      const response = await fetchImpl(new Request(request, { signal }), dispatcher ? { dispatcher } : undefined);
      if (streaming) clearTimeout(timeout);
      return response;
    } catch (error) {
      clearTimeout(timeout);
      if (caller.aborted) throw errorFromTransport(error, where(request), secrets(), 'aborted');
      if (timer.signal.aborted) throw errorFromTransport(error, where(request), secrets(), 'timeout');
      throw errorFromTransport(error, where(request), secrets());
    }
  }

  /** Waits before the next attempt; the caller's AbortSignal cuts the wait short. */
  async function pause(request: Request, attempt: number, delayMs: number, cause: { status?: number; code?: string }) {
    options.retry.onRetry?.({ attempt, delayMs, ...where(request), ...cause });
    await sleep(delayMs, request.signal).catch((reason) => {
      throw errorFromTransport(reason, where(request), secrets(), 'aborted');
    });
  }

  async function send(request: Request, { replayable, streaming, retry }: SendOptions): Promise<Response> {
    const creds = credentials();
    const method = request.method.toUpperCase();
    const mayRetry = replayable && (retry ?? options.retry.methods.includes(method));
    const attempts = mayRetry ? options.retry.attempts : 1;
    // Keep an unsent original so the request can be sent again (a Request body is read once).
    const next = () => (replayable ? request.clone() : request);
    let replayed401 = false;
    for (let n = 1; ; n++) {
      const outgoing = next();
      for (const [k, v] of Object.entries(options.headers)) if (!outgoing.headers.has(k)) outgoing.headers.set(k, v);
      const usedToken = await creds.apply(outgoing.headers);
      let response: Response;
      try {
        response = await attempt(outgoing, streaming);
      } catch (error) {
        const code = error instanceof PortainerError ? error.code : transportCode(error);
        if (n < attempts && code && RETRY_CODES.has(code)) {
          await pause(request, n, backoffMs(n, options.retry.baseDelayMs, options.retry.maxDelayMs), { code });
          continue;
        }
        throw error;
      }
      if (response.status === 401 && replayable && !replayed401 && (await creds.renewAfter401(usedToken))) {
        replayed401 = true;
        await response.body?.cancel();
        n--; // a replay after renewing the token is not a retry
        continue;
      }
      if (n < attempts && RETRY_STATUSES.has(response.status)) {
        const hinted = retryAfterMs(response.headers.get('retry-after'));
        const wait = Math.min(options.retry.maxDelayMs, hinted ?? backoffMs(n, options.retry.baseDelayMs, options.retry.maxDelayMs));
        await response.body?.cancel();
        await pause(request, n, wait, { status: response.status });
        continue;
      }
      return response;
    }
  }

  return {
    send,
    raw: (request) => attempt(request, false),
    close: async () => {
      await dispatcher?.close();
    },
  };
}

export function where(request: Request): { method: string; path: string } {
  return { method: request.method.toUpperCase(), path: new URL(request.url).pathname };
}
