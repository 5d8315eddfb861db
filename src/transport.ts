// The one place requests leave the client. Each attempt has one AbortController and one deadline
// timer: the wait for credentials (a login), for the headers, and any pause of timeoutMs while a
// buffered body arrives, in every mode (the platform's fetch, the caller's fetch, Node's pools).
// Credentials and the `headers` option are set here, on headers nobody else holds; redirects are
// never followed; buffered bodies are read within the attempt, so a failure while reading is
// retried like any other; streamed bodies stay open until read, and close() ends them.
import { PortainerError, SUMMARY, errorFromTransport, transportCode } from './errors.js';
import type { FetchLike, ResolvedTransport } from './options.js';
import { RETRY_CODES, RETRY_STATUSES, backoffMs, retryAfterMs } from './retry.js';
import { concat } from './streams/chunks.js';

export interface Outgoing {
  method: string;
  url: string;
  path: string; // the URL's path, for errors
  headers: Headers; // the call's own, without credentials: the transport adds to them
  body: BodyInit | null;
  replayable: boolean; // the body can be sent again (not a one-shot stream)
  streaming: boolean; // read as a stream: the deadline covers the wait for headers only
  retry?: boolean; // retried whatever the method (true), never (false), or by method
  signal?: AbortSignal;
  anonymous?: boolean; // sent without credentials (login, logout)
  secrets?: string[]; // this call's own (an X-Registry-Auth value), kept out of its errors
}

export interface Received {
  response: Response;
  bytes: Uint8Array | undefined; // the body (a bounded prefix for errors); undefined when streamed
  used?: string | undefined; // the token the attempt carried: a 401 tells whether it is stale
}

/** What proves who the client is (see session.ts). */
export interface Credentials {
  /** Sets the credential header; returns the token used, or a promise of it while logging in. */
  apply(headers: Headers): string | undefined | Promise<string | undefined>;
  renewAfter401(used: string | undefined): Promise<boolean>;
}

/** What the Node entry adds: connection pools (TLS, Unix sockets, no idle limit on streams). */
export interface Platform {
  dispatcher: unknown; // an undici dispatcher for Node's fetch; the transport's deadline is its only time limit
  close(): Promise<void>;
}

export interface Transport {
  send(out: Outgoing): Promise<Received>;
  close(): Promise<void>;
}

/** Non-2xx answers that reached a failed login; the call resolves `{ error, response }` with them. */
export const answered = new WeakMap<PortainerError, Response>();

const ERROR_PREFIX_BYTES = 64 * 1024; // of an error body: enough for any message, bounded work
// Abort reasons: what a pending fetch rejects with, and what the reader of a streamed body sees.
const TIMEOUT = new PortainerError({ code: 'timeout', message: SUMMARY.timeout! });
const CLOSED = new PortainerError({ code: 'closed', message: 'The client was closed' });
const EMPTY = new Uint8Array(0);

/**
 * One attempt's cancellation and deadline. abort() (by the timer, the caller's signal or close())
 * ends whatever the attempt waits for, and the request itself: through the AbortController's
 * signal, which is only made when a fetch asks for it (in Node, making one costs more than all the
 * rest of a call, and a fetch of the caller's own may never look at it).
 */
class Guard {
  readonly #controller = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #last = 0; // time of the last progress
  #onAbort: (() => void) | undefined;
  #stop: ((reason: unknown) => void) | undefined; // what the attempt waits for now
  aborted = false;
  reason: unknown;

  constructor(private readonly ms: number, private readonly caller: AbortSignal | undefined, private readonly inflight: Set<Guard>, closed: boolean) {
    inflight.add(this);
    if (closed) this.abort(CLOSED);
    else if (caller?.aborted) this.abort(caller.reason);
    else if (caller) caller.addEventListener('abort', (this.#onAbort = () => this.abort(caller.reason)), { once: true });
    if (ms > 0) this.#timer = setTimeout(Guard.#fire, ms, this);
  }

  /** For fetch: aborted with the attempt. */
  get signal(): AbortSignal { return this.#controller.signal; }

  abort(reason: unknown): void { if (this.aborted) return; [this.aborted, this.reason] = [true, reason]; this.#controller.abort(reason); this.#stop?.(reason); }

  /** Settles like `pending`, or rejects with the reason as soon as the attempt is aborted. */
  race<T>(pending: Promise<T>): Promise<T> {
    if (this.aborted) return Promise.reject(this.reason);
    return new Promise<T>((resolve, reject) => {
      this.#stop = reject;
      pending.then(resolve, reject).finally(() => this.#stop === reject && (this.#stop = undefined)); // not a later waiter's hook
    });
  }

  /** Calls `stop` if the attempt is aborted while it waits on something that cannot be raced. */
  onAbort(stop: ((reason: unknown) => void) | undefined): void { this.#stop = stop; }

  /** Progress (headers, a chunk): the deadline moves. */
  touch(): void { if (this.#timer) this.#last = Date.now(); }

  /** No more deadline (a streamed body is the caller's to read), or (release) no more attempt. */
  stop(): void { clearTimeout(this.#timer); this.#timer = undefined; }

  release(): void { this.stop(); this.inflight.delete(this); if (this.#onAbort) this.caller!.removeEventListener('abort', this.#onAbort); }

  static #fire(guard: Guard): void {
    const idle = guard.#last ? Date.now() - guard.#last : guard.ms;
    if (idle < guard.ms) guard.#timer = setTimeout(Guard.#fire, guard.ms - idle, guard);
    else guard.abort(TIMEOUT);
  }
}

/** Reads a body up to `limit` bytes: beyond it, an error, or (`truncate`) the prefix. */
async function readBody(body: ReadableStream<Uint8Array> | null, limit: number, truncate: boolean, guard: Guard): Promise<Uint8Array> {
  if (!body) return EMPTY;
  const reader = body.getReader();
  // A fetch that ignores the signal still cannot stall here: cancelling ends a pending read.
  const stop = (reason?: unknown) => void reader.cancel(reason).catch(() => {});
  guard.onAbort(stop);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      guard.touch();
      if (size + value.byteLength > limit) {
        if (!truncate) throw new PortainerError({ code: 'body-too-large', message: `The response body is larger than maxBodyBytes (${limit} bytes)` });
        chunks.push(value.subarray(0, limit - size));
        size = limit;
        stop(); // the rest of a truncated error body is not wanted
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } catch (error) {
    stop();
    if (!truncate) throw error; // an error answer is still an answer: what came of its body is kept
  } finally { guard.onAbort(undefined); }
  if (guard.aborted && !truncate) throw guard.reason;
  return size ? concat(chunks, size) : EMPTY;
}

export function createTransport(config: ResolvedTransport, credentials: Credentials, secrets: () => string[], platform?: Platform): Transport {
  const inflight = new Set<Guard>();
  let closing: Promise<void> | undefined;
  const custom: FetchLike | undefined = config.fetch;

  const call = (out: Outgoing) => ({ method: out.method, path: out.path });
  const fetchOnce = (out: Outgoing, init: RequestInit & { duplex?: 'half'; dispatcher?: unknown }, guard: Guard): Promise<Response> => {
    // The signal goes beside the Request, not into it (a Request that follows a signal costs Node
    // several times a plain one), and only if the fetch looks at it.
    if (custom) return custom(new Request(out.url, init), { get signal() { return guard.signal; } });
    init.signal = guard.signal;
    if (platform) init.dispatcher = platform.dispatcher;
    return fetch(out.url, init);
  };

  function failure(error: unknown, guard: Guard, out: Outgoing, readingBody: boolean): PortainerError {
    if (guard.aborted && guard.reason instanceof PortainerError) error = guard.reason; // a timeout or close()
    if (error instanceof PortainerError) return error.method ? error : new PortainerError({ ...error, message: error.message, ...call(out) });
    let code = transportCode(error);
    if (guard.aborted) code = 'aborted'; // the caller's signal (ours are PortainerErrors)
    else if (readingBody && code === 'network') code = 'unreadable-body';
    return errorFromTransport(error, call(out), [...secrets(), ...(out.secrets ?? [])], code);
  }

  /** Hands a streamed body on; close() can end it until it is read to its end or cancelled. */
  function tracked(response: Response, guard: Guard): Response {
    if (!response.body) {
      guard.release();
      return response;
    }
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    // The pipe follows the attempt's signal: close() ends the reader's stream even if the fetch ignores signals.
    response.body.pipeTo(writable, { signal: guard.signal }).catch(() => {}).finally(() => guard.release());
    return new Response(readable, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  async function attempt(out: Outgoing): Promise<Received> {
    const guard = new Guard(config.timeoutMs, out.signal, inflight, closing !== undefined);
    let readingBody = false;
    let keep = false;
    try {
      if (guard.aborted) throw guard.reason;
      for (const [name, value] of config.headers) if (!out.headers.has(name)) out.headers.set(name, value);
      const applied = out.anonymous ? undefined : credentials.apply(out.headers);
      const used = typeof applied === 'object' ? await guard.race(applied) : applied;
      const init: RequestInit & { duplex?: 'half' } = { method: out.method, headers: out.headers, body: out.body, redirect: 'manual' };
      if (!out.replayable && out.body) init.duplex = 'half'; // Node's fetch requires it for stream bodies
      const response = await guard.race(fetchOnce(out, init, guard));
      guard.touch();
      readingBody = true;
      if (out.streaming && response.ok && !response.redirected) {
        keep = true;
        guard.stop();
        return { response: tracked(response, guard), bytes: undefined, used };
      }
      const limit = response.ok ? config.maxBodyBytes : ERROR_PREFIX_BYTES;
      return { response, bytes: await readBody(response.body, limit, !response.ok, guard), used };
    } catch (error) {
      throw failure(error, guard, out, readingBody);
    } finally { if (!keep) guard.release(); }
  }

  /** Waits before the next attempt; the caller's signal and close() cut the wait short. */
  async function pause(out: Outgoing, attemptNo: number, delayMs: number, cause: { status?: number; code?: string }): Promise<void> {
    config.retry.onRetry?.({ attempt: attemptNo, delayMs, ...call(out), ...cause });
    const guard = new Guard(0, out.signal, inflight, closing !== undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await guard.race(new Promise((resolve) => (timer = setTimeout(resolve, delayMs))));
    } catch (error) {
      throw failure(error, guard, out, false);
    } finally { clearTimeout(timer); guard.release(); }
  }

  async function send(out: Outgoing): Promise<Received> {
    const { retry } = config;
    const mayRetry = out.replayable && (out.retry ?? retry.methods.includes(out.method));
    const attempts = mayRetry ? retry.attempts : 1;
    let renewed = false;
    for (let n = 1; ; n++) {
      let received: Received;
      try {
        received = await attempt(out);
      } catch (error) {
        const { code } = error as PortainerError;
        if (n < attempts && RETRY_CODES.has(code)) {
          await pause(out, n, backoffMs(n, retry.baseDelayMs, retry.maxDelayMs), { code });
          continue;
        }
        throw error;
      }
      const { status } = received.response;
      // Any 401 renews the session once (single flight); only a body that can be sent again is replayed.
      if (status === 401 && !out.anonymous && !renewed && (await credentials.renewAfter401(received.used))) {
        renewed = true;
        if (!out.replayable) return received;
        n--; // a replay with the new token is not a retry
        continue;
      }
      if (n < attempts && RETRY_STATUSES.has(status)) {
        const hinted = retryAfterMs(received.response.headers.get('retry-after'));
        await pause(out, n, Math.min(retry.maxDelayMs, hinted ?? backoffMs(n, retry.baseDelayMs, retry.maxDelayMs)), { status });
        continue;
      }
      return received;
    }
  }

  return {
    send,
    close: () =>
      (closing ??= (async () => {
        for (const guard of inflight) guard.abort(CLOSED);
        await platform?.close();
      })()),
  };
}
