// The one place requests leave the client: credentials, per-attempt time limits, the caller's
// AbortSignal, retries with backoff, one replay after a 401, and connection pools scoped to this
// client. openapi-fetch builds the Request; this sends it.
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
  /** The caller's own AbortSignal, if it gave one. */
  signal?: AbortSignal | null;
}

export type Send = (request: Request, options: SendOptions) => Promise<Response>;

export interface Transport {
  send: Send;
  /** Sends once, without credentials, retries or replays, and reads the body (login, logout). */
  raw: (request: Request) => Promise<Response>;
  close(): Promise<void>;
}

type Attempt = (request: Request, options: SendOptions) => Promise<Response>;

/** What the client uses of an undici Agent (declared here so its types need not be loaded). */
interface Pool {
  close(): Promise<void>;
}

// A specifier in a variable: TypeScript then does not load undici's declarations into every
// program that uses the client (they would double its parse time); Node resolves it as usual.
const UNDICI = 'undici';

/**
 * One attempt. Time limits are enforced by this client's own undici pools, handed to fetch as its
 * `dispatcher`: the wait for headers, and any pause of that length while the body arrives (none for
 * streaming calls, so an idle followed log does not end). No AbortSignal per call: a Request that
 * follows a signal costs several times a plain one. undici is imported on the first call, so
 * bundles of the client stay small.
 *
 * A fetch of the caller's own gets the same dispatcher (a wrapper that passes `init` on keeps every
 * limit), and since it may ignore it, the wait for headers also races a plain timer and the
 * caller's signal: no call can hang.
 */
function createAttempt(config: ResolvedOptions, secrets: () => string[]): { attempt: Attempt; close(): Promise<void> } {
  const { tls, socketPath, timeoutMs } = config;
  const connect = {
    ...(socketPath ? { socketPath } : {}),
    ...(tls?.ca !== undefined ? { ca: tls.ca } : {}),
    // An explicit opt-in, for self-signed test installs only.
    ...(tls?.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
  };
  const needsPool = Object.keys(connect).length > 0;
  let pools: Promise<{ calls: Pool; streams: Pool } | null> | undefined;
  let ready: { calls: Pool; streams: Pool } | null | undefined;
  const open = () =>
    (pools ??= (config.loadUndici ?? (() => import(UNDICI)))().then(
      ({ Agent }: { Agent: new (options: object) => Pool }) =>
        (ready = {
          calls: new Agent({ connect, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }),
          streams: new Agent({ connect, headersTimeout: timeoutMs, bodyTimeout: 0 }),
        }),
      // No undici (a program bundled without its node_modules): limits fall back to a signal per call.
      () => (ready = null),
    ));
  const custom = config.fetch;
  const fetchImpl = custom ?? (globalThis.fetch as FetchLike);
  return {
    async attempt(request, options) {
      const agents = ready === undefined ? await open() : ready;
      if (agents === null && needsPool) {
        throw new PortainerError({ ...where(request), code: 'tls', message: 'The tls and socketPath options need the undici package, which could not be loaded' });
      }
      let giveUp: (() => void) | undefined;
      let pending: Promise<Response>;
      if (agents) {
        pending = fetchImpl(request, { dispatcher: options.streaming ? agents.streams : agents.calls });
      } else {
        const controller = new AbortController();
        giveUp = () => controller.abort();
        pending = fetchImpl(request, { signal: controller.signal });
      }
      try {
        return custom || !agents ? await guarded(pending, timeoutMs, options.signal, giveUp) : await pending;
      } catch (error) {
        if (options.signal?.aborted) throw errorFromTransport(error, where(request), secrets(), 'aborted');
        throw errorFromTransport(error, where(request), secrets());
      }
    },
    async close() {
      if (ready) await Promise.all([ready.calls.close(), ready.streams.close()]);
    },
  };
}

/**
 * Settles with `pending`, or fails when the time limit passes or the caller's signal fires (then
 * `giveUp` cancels the request, when it can be cancelled).
 */
function guarded<T>(pending: Promise<T>, timeoutMs: number, signal: AbortSignal | null | undefined, giveUp?: () => void): Promise<T> {
  if (timeoutMs <= 0 && !signal) return pending;
  return new Promise<T>((resolve, reject) => {
    const fail = (reason: unknown) => {
      settle();
      giveUp?.();
      reject(reason);
    };
    const timer = timeoutMs > 0 ? setTimeout(() => fail(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs) : undefined;
    const onAbort = () => fail(signal!.reason);
    const settle = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (value) => {
        settle();
        resolve(value);
      },
      (error) => {
        settle();
        reject(error);
      },
    );
  });
}

export function createTransport(config: ResolvedOptions, credentials: () => Credentials): Transport {
  const secrets = () => credentials().secrets();
  const { attempt, close } = createAttempt(config, secrets);
  const extraHeaders = Object.entries(config.headers);

  /** Waits before the next attempt; the caller's AbortSignal cuts the wait short. */
  async function pause(request: Request, signal: AbortSignal | null | undefined, attemptNo: number, delayMs: number, cause: { status?: number; code?: string }) {
    config.retry.onRetry?.({ attempt: attemptNo, delayMs, ...where(request), ...cause });
    await sleep(delayMs, signal).catch((reason) => {
      throw errorFromTransport(reason, where(request), secrets(), 'aborted');
    });
  }

  async function send(request: Request, options: SendOptions): Promise<Response> {
    const { replayable, retry } = options;
    const creds = credentials();
    const method = request.method.toUpperCase();
    const mayRetry = replayable && (retry ?? config.retry.methods.includes(method));
    const attempts = mayRetry ? config.retry.attempts : 1;
    // Keep an unsent original so the request can be sent again (a Request body is read once); a
    // request without a body can simply be reused.
    const next = () => (replayable && request.body !== null ? request.clone() : request);
    let replayed401 = false;
    for (let n = 1; ; n++) {
      const outgoing = next();
      for (const [k, v] of extraHeaders) if (!outgoing.headers.has(k)) outgoing.headers.set(k, v);
      const applied = creds.apply(outgoing.headers);
      const usedToken = typeof applied === 'object' ? await applied : applied;
      let response: Response;
      try {
        response = await attempt(outgoing, options);
      } catch (error) {
        const code = error instanceof PortainerError ? error.code : transportCode(error);
        if (n < attempts && code && RETRY_CODES.has(code)) {
          await pause(request, options.signal, n, backoffMs(n, config.retry.baseDelayMs, config.retry.maxDelayMs), { code });
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
        const wait = Math.min(config.retry.maxDelayMs, hinted ?? backoffMs(n, config.retry.baseDelayMs, config.retry.maxDelayMs));
        await response.body?.cancel();
        await pause(request, options.signal, n, wait, { status: response.status });
        continue;
      }
      return response;
    }
  }

  async function raw(request: Request): Promise<Response> {
    const options: SendOptions = { replayable: false, streaming: false };
    try {
      const response = await attempt(request, options);
      const body = await response.arrayBuffer();
      return new Response(body.byteLength ? body : null, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      if (error instanceof PortainerError) throw error;
      throw errorFromTransport(error, where(request), secrets(), transportCode(error) === 'network' ? 'unreadable-body' : undefined);
    }
  }

  return { send, raw, close };
}

export function where(request: Request): { method: string; path: string } {
  return { method: request.method.toUpperCase(), path: new URL(request.url).pathname };
}

