// The one place requests leave the client: credentials, per-attempt time limits, the caller's
// AbortSignal, retries with backoff, one replay after a 401, and a TLS dispatcher scoped to this
// client. openapi-fetch builds the Request; this sends it.
import type { Dispatcher } from 'undici';
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

/**
 * A connection pool of this client's own, only when it needs one (a custom CA, skipped
 * verification, a Unix socket). undici is loaded then, not before: most clients never need it,
 * and bundles stay small.
 */
function dispatcherFor({ tls, socketPath }: ResolvedOptions): (() => Promise<Dispatcher>) | undefined {
  const customTls = tls && (tls.ca !== undefined || tls.insecureSkipVerify);
  if (!customTls && !socketPath) return undefined;
  let pool: Promise<Dispatcher> | undefined;
  return () =>
    (pool ??= import('undici').then(
      ({ Agent }) =>
        new Agent({
          connect: {
            ...(socketPath ? { socketPath } : {}),
            ...(tls?.ca !== undefined ? { ca: tls.ca } : {}),
            // An explicit opt-in, for self-signed test installs only.
            ...(tls?.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
          },
        }),
    ));
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
  let opened = false;
  const secrets = () => credentials().secrets();

  /**
   * One attempt, under the per-attempt time limit and the caller's signal. The limit is enforced
   * here, not left to the fetch implementation (a custom fetch may ignore signals): the wait for
   * headers races the abort, and for ordinary calls the body is read within the same limit, so
   * the timer and listener are released when the attempt ends. Streaming calls get their body as
   * it arrives; the limit then covers the wait for headers only.
   */
  async function attempt(request: Request, streaming: boolean): Promise<Response> {
    // One controller fed by the caller's signal and the time limit. (Not AbortSignal.any: on Node 20
    // its composite signal holds its sources weakly and can miss an abort after a garbage collection.)
    const caller = request.signal;
    const combined = new AbortController();
    let timedOut = false;
    const onCallerAbort = () => combined.abort(caller.reason);
    if (caller.aborted) combined.abort(caller.reason);
    else caller.addEventListener('abort', onCallerAbort, { once: true });
    const timeout =
      options.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            combined.abort(new DOMException(`no answer within ${options.timeoutMs} ms`, 'TimeoutError'));
          }, options.timeoutMs)
        : undefined;
    const aborted = new Promise<never>((_, reject) => {
      if (combined.signal.aborted) reject(combined.signal.reason);
      combined.signal.addEventListener('abort', () => reject(combined.signal.reason), { once: true });
    });
    aborted.catch(() => {}); // observed through the races below
    const release = () => {
      clearTimeout(timeout);
      caller.removeEventListener('abort', onCallerAbort);
    };
    try {
      let init: { dispatcher: Dispatcher } | undefined;
      if (dispatcher) {
        init = { dispatcher: await dispatcher() };
        opened = true;
      }
      const response = await Promise.race([fetchImpl(new Request(request, { signal: combined.signal }), init), aborted]);
      if (streaming) {
        clearTimeout(timeout); // the caller's own signal still cancels the stream
        return response;
      }
      const body = response.body ? await Promise.race([response.arrayBuffer(), aborted]) : null;
      release();
      return buffered(response, body);
    } catch (error) {
      release();
      if (caller.aborted) throw errorFromTransport(error, where(request), secrets(), 'aborted');
      if (timedOut) throw errorFromTransport(error, where(request), secrets(), 'timeout');
      if (error instanceof PortainerError) throw error;
      // Headers arrived but the body broke off: the connection was cut, or the body was unreadable.
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
    // Keep an unsent original so the request can be sent again (a Request body is read once); a
    // request without a body can simply be reused.
    const next = () => (replayable && request.body !== null ? request.clone() : request);
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
      if (dispatcher && opened) await (await dispatcher()).close();
    },
  };
}

export function where(request: Request): { method: string; path: string } {
  return { method: request.method.toUpperCase(), path: new URL(request.url).pathname };
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** The same response with its body already read (keeping `url`, which error messages use). */
function buffered(response: Response, body: ArrayBuffer | null): Response {
  const copy = new Response(NULL_BODY_STATUSES.has(response.status) || !body?.byteLength ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}
