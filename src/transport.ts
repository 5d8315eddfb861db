// The one place requests leave the client. Each attempt has one AbortController and one deadline
// timer: the wait for credentials (a login), for the headers, and any pause of timeoutMs while a
// buffered body arrives, in every mode (the platform's fetch, the caller's fetch, Node's pools).
// Credentials and the `headers` option are set here, on headers nobody else holds; redirects are
// never followed; buffered bodies are read within the attempt, so a failure while reading is
// retried like any other; streamed bodies stay open until read, and close() ends them.
import { PortainerError, errorFromTransport, transportCode } from './errors.js';
import type { FetchLike, ResolvedTransport } from './options.js';
import { RETRY_CODES, RETRY_STATUSES, abortable, backoffMs, retryAfterMs, sleep } from './retry.js';

export interface Outgoing {
  method: string;
  url: string;
  /** The URL's path, for errors. */
  path: string;
  /** Headers of the call, without credentials; the transport may add to them. */
  headers: Headers;
  body: BodyInit | null;
  /** The body can be sent again (not a one-shot stream). */
  replayable: boolean;
  /** The caller reads the body as a stream: the deadline covers the wait for headers only. */
  streaming: boolean;
  /** Retries allowed for this call whatever the method (true), never (false), or by method. */
  retry?: boolean;
  signal?: AbortSignal;
  /** Sent without the client's credentials (login and logout). */
  anonymous?: boolean;
  /** Secrets of this call only (an X-Registry-Auth value), kept out of its errors. */
  secrets?: string[];
}

export interface Received {
  response: Response;
  /** The body (a bounded prefix for errors); undefined when streamed. */
  bytes: Uint8Array | undefined;
  /** The token the attempt carried, so that a 401 can tell whether it is stale. */
  used?: string | undefined;
}

/** What proves who the client is (see session.ts). */
export interface Credentials {
  apply(headers: Headers, signal: AbortSignal): string | undefined | Promise<string | undefined>;
  renewAfter401(used: string | undefined): Promise<boolean>;
}

/** What the Node entry adds: connection pools (TLS, Unix sockets, no idle limit on streams). */
export interface Platform {
  /** An undici dispatcher for Node's fetch; the transport's deadline is its only time limit. */
  dispatcher: unknown;
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
const TIMEOUT = new PortainerError({ code: 'timeout', message: 'No answer before the time limit (timeoutMs)' });
const CLOSED = new PortainerError({ code: 'closed', message: 'The client was closed' });
const EMPTY = new Uint8Array(0);

/** The deadline of one attempt: aborts unless there was progress within the last `ms`. */
class Deadline {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #last = 0;
  constructor(
    private readonly controller: AbortController,
    private readonly ms: number,
  ) {
    if (ms > 0) this.#timer = setTimeout(this.#fire, ms);
  }
  touch(): void {
    if (this.#timer) this.#last = Date.now();
  }
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
  #fire = () => {
    const idle = this.#last ? Date.now() - this.#last : this.ms;
    if (idle < this.ms) this.#timer = setTimeout(this.#fire, this.ms - idle);
    else this.controller.abort(TIMEOUT);
  };
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** Reads a body up to `limit` bytes: beyond it, an error, or (`truncate`) the prefix. */
async function readBody(body: ReadableStream<Uint8Array> | null, limit: number, truncate: boolean, deadline: Deadline, signal: AbortSignal): Promise<Uint8Array> {
  if (!body) return EMPTY;
  const reader = body.getReader();
  // A fetch that ignores the signal still cannot stall here: cancelling ends a pending read.
  const stop = () => void reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener('abort', stop, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      deadline.touch();
      if (size + value.byteLength > limit) {
        if (!truncate) throw new PortainerError({ code: 'body-too-large', message: `The response body is larger than maxBodyBytes (${limit} bytes)` });
        chunks.push(value.subarray(0, limit - size));
        size = limit;
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } catch (error) {
    stop();
    throw error;
  } finally {
    signal.removeEventListener('abort', stop);
  }
  if (size === limit) stop(); // the rest of a truncated body is not wanted
  if (signal.aborted) throw signal.reason;
  return size ? concat(chunks, size) : EMPTY;
}

export function createTransport(config: ResolvedTransport, credentials: Credentials, secrets: () => string[], platform?: Platform): Transport {
  const inflight = new Set<AbortController>();
  let closing: Promise<void> | undefined;
  const custom: FetchLike | undefined = config.fetch;

  const call = (out: Outgoing) => ({ method: out.method, path: out.path });
  const fetchOnce = (out: Outgoing, init: RequestInit & { duplex?: 'half'; dispatcher?: unknown }): Promise<Response> => {
    if (custom) return custom(new Request(out.url, init));
    if (platform) init.dispatcher = platform.dispatcher;
    return fetch(out.url, init);
  };

  /** The caller's signal and close() both end whatever `controller` guards. */
  function guard(controller: AbortController, signal: AbortSignal | undefined): () => void {
    if (closing) controller.abort(CLOSED);
    inflight.add(controller);
    if (!signal) return () => inflight.delete(controller);
    const onAbort = () => controller.abort(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    return () => {
      inflight.delete(controller);
      signal.removeEventListener('abort', onAbort);
    };
  }

  function failure(error: unknown, signal: AbortSignal, out: Outgoing, readingBody: boolean): PortainerError {
    if (signal.aborted && signal.reason instanceof PortainerError) error = signal.reason; // a timeout or close()
    if (error instanceof PortainerError) return error.method ? error : new PortainerError({ ...error, message: error.message, ...call(out) });
    let code = transportCode(error);
    if (signal.aborted) code = 'aborted'; // the caller's signal (ours are PortainerErrors)
    else if (readingBody && code === 'network') code = 'unreadable-body';
    return errorFromTransport(error, call(out), [...secrets(), ...(out.secrets ?? [])], code);
  }

  /** Hands a streamed body on; close() can end it until it is read to its end or cancelled. */
  function tracked(response: Response, release: () => void): Response {
    if (!response.body) {
      release();
      return response;
    }
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    response.body.pipeTo(writable).catch(() => {}).finally(release);
    return new Response(readable, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  async function attempt(out: Outgoing): Promise<Received> {
    const controller = new AbortController();
    const release = guard(controller, out.signal);
    const deadline = new Deadline(controller, config.timeoutMs);
    let readingBody = false;
    let keep = false;
    try {
      if (controller.signal.aborted) throw controller.signal.reason;
      for (const [name, value] of config.headers) if (!out.headers.has(name)) out.headers.set(name, value);
      const applied = out.anonymous ? undefined : credentials.apply(out.headers, controller.signal);
      const used = typeof applied === 'object' ? await applied : applied;
      const init: RequestInit & { duplex?: 'half' } = { method: out.method, headers: out.headers, body: out.body, redirect: 'manual', signal: controller.signal };
      if (!out.replayable && out.body) init.duplex = 'half'; // Node's fetch requires it for stream bodies
      const response = await abortable(fetchOnce(out, init), controller.signal);
      deadline.touch();
      readingBody = true;
      if (out.streaming && response.ok) {
        keep = true;
        return { response: tracked(response, release), bytes: undefined, used };
      }
      const limit = response.ok ? config.maxBodyBytes : ERROR_PREFIX_BYTES;
      return { response, bytes: await readBody(response.body, limit, !response.ok, deadline, controller.signal), used };
    } catch (error) {
      throw failure(error, controller.signal, out, readingBody);
    } finally {
      deadline.stop();
      if (!keep) release();
    }
  }

  /** Waits before the next attempt; the caller's signal and close() cut the wait short. */
  async function pause(out: Outgoing, attemptNo: number, delayMs: number, cause: { status?: number; code?: string }): Promise<void> {
    config.retry.onRetry?.({ attempt: attemptNo, delayMs, ...call(out), ...cause });
    const controller = new AbortController();
    const release = guard(controller, out.signal);
    try {
      await sleep(delayMs, controller.signal);
    } catch (error) {
      throw failure(error, controller.signal, out, false);
    } finally {
      release();
    }
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
        for (const controller of inflight) controller.abort(CLOSED);
        await platform?.close();
      })()),
  };
}
