// The one error type of the package. Every text is redacted before it is stored, and no raw cause
// is kept (a transport error can quote a header), so no form of an error can hold a secret.
import { redact } from './redact.js';

/** What went wrong, for code to branch on. `http` and `redirect` come with a `status`. */
export type PortainerErrorCode =
  | 'http' // a non-2xx answer (other than a redirect)
  | 'redirect' // a 3xx answer: never followed, credentials stay with the client
  | 'timeout' // no answer, or a stalled body, within timeoutMs
  | 'aborted' // the caller's AbortSignal fired
  | 'closed' // the client was closed with close()
  | 'logged-out' // the session was ended with logout()
  | 'connection-refused' | 'connection-reset' | 'dns' | 'tls' | 'network' // the connection failed
  | 'unreadable-body' // the body could not be read or is not what it claims to be (truncated, not JSON)
  | 'body-too-large' // a buffered body over maxBodyBytes
  | 'invalid-request' // refused before sending: a bad parameter, header or body
  | 'invalid-option' // a bad option of createPortainerClient or a helper
  | 'line-too-long' // a stream line over the helper's limit
  | 'stream-format' // bytes that are not the stream format expected (multiplexed frames, tar)
  | 'stream-error' // the daemon reported a failure inside a stream (error frame, progress error line)
  | 'output-limit' // a job's output over its limit (runInContainer, a terminal's unread output)
  | 'exit-code-unknown' // a process ended but the daemon never reported its exit code
  | 'websocket' // a terminal's WebSocket could not be opened, or failed
  | 'unsupported-version'; // the server's Portainer version (portainerVersion) lacks the operation

/** The codes of failures without an HTTP answer. */
export type TransportErrorCode = Exclude<PortainerErrorCode, 'http' | 'redirect'>;

/** What a PortainerError is made of: its code and message, and the status, details, method and path when known. */
export type PortainerErrorInit = Pick<PortainerError, 'code' | 'message'> & Partial<Pick<PortainerError, 'status' | 'details' | 'method' | 'path'>>;

/**
 * A failed call or stream. HTTP failures carry `status` with `message` and `details` from
 * Portainer's `{message, details}`, Docker's `{message}`, or an excerpt of any other body; every
 * failure carries a `code`. `method` and `path` name the call, when there was one.
 */
export class PortainerError extends Error {
  override readonly name: string = 'PortainerError';
  readonly code: PortainerErrorCode;
  readonly status: number | undefined;
  readonly details: string | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;

  constructor({ code, message, status, details, method, path }: PortainerErrorInit) {
    super(message);
    [this.code, this.status, this.details, this.method, this.path] = [code, status, details, method, path];
  }

  /** One line a person can act on: what was called, what happened, and why. */
  override toString(): string {
    const call = this.method ? `${this.method} ${this.path} failed (${this.status ?? this.code}): ` : '';
    return `${this.name}: ${call}${this.message}${this.details ? ` (${this.details})` : ''}`;
  }

  toJSON(): object { const { name, code, status, message, details, method, path } = this; return { name, code, status, message, details, method, path }; }

  /** Node's util.inspect shows the same line (no stack frames, nothing else). */
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

/** Throws the PortainerError for a bad option or argument of a public function. */
export function invalid(message: string, code: 'invalid-option' | 'invalid-request' = 'invalid-option'): never { throw new PortainerError({ code, message }); }

const EXCERPT = 200;

/** The title of an HTML page (a proxy's error page says what failed there), found in linear time. */
function htmlTitle(html: string): string {
  const lower = html.toLowerCase();
  const start = lower.indexOf('>', lower.indexOf('<title') + 1) + 1;
  const end = start > 0 ? lower.indexOf('</title', start) : -1;
  return end > start ? html.slice(start, end).replace(/\s+/g, ' ').trim() : '';
}

/** The JSON object `text` holds, or undefined (not JSON, or not an object). */
export function json(text: string | null): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text ?? '');
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch { return undefined; }
}

/** Portainer's `{message, details}` and Docker's `{message}`. */
function readErrorBody(text: string): { message?: string; details?: string } {
  const b = json(text);
  return typeof b?.message === 'string' && b.message ? { message: b.message, details: typeof b.details === 'string' && b.details ? b.details : undefined } : {};
}

/** The error for a non-2xx answer whose body (a bounded prefix of it) is `text`. */
export function errorFromResponse(response: Response, text: string, call: { method: string; path: string }, secrets: readonly string[]): PortainerError {
  const { status } = response;
  // A fetch of the caller's own may follow a redirect itself: its answer is not the call's.
  if ((status >= 300 && status < 400) || response.type === 'opaqueredirect' || response.redirected) {
    let where = 'another address';
    try {
      where = new URL(response.redirected ? '' : (response.headers.get('location') ?? ''), response.url || 'http://unknown').origin;
    } catch {
      // a Location that is not a URL: say so without quoting it
    }
    return new PortainerError({
      ...call,
      code: 'redirect',
      status,
      message: redact(`Redirected to ${where}: not followed (credentials go only to the configured url)`, secrets),
    });
  }
  let { message, details } = readErrorBody(text);
  if (!message) {
    message = response.statusText || `HTTP ${status}`;
    const contentType = response.headers.get('content-type') ?? 'unknown content type';
    // Redact before cutting, so that no secret survives half-cut at the end of the excerpt.
    const excerpt = redact(/html/i.test(contentType) || text.trimStart().startsWith('<') ? htmlTitle(text) : text.trim(), secrets);
    if (excerpt) details = `${contentType} body: ${excerpt.length > EXCERPT ? `${excerpt.slice(0, EXCERPT)}…` : excerpt}`;
  }
  return new PortainerError({ ...call, code: 'http', status, message: redact(message, secrets), details: details === undefined ? undefined : redact(details, secrets) });
}

const SOCKET_CODES: Record<string, TransportErrorCode> = {
  ECONNREFUSED: 'connection-refused',
  ECONNRESET: 'connection-reset',
  EPIPE: 'connection-reset',
  UND_ERR_SOCKET: 'connection-reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
};

function causes(error: unknown): Array<{ code?: unknown; message?: unknown; name?: unknown }> {
  const chain = [];
  for (let current = error, i = 0; current && typeof current === 'object' && i < 6; i++) {
    chain.push(current as { code?: unknown; message?: unknown; name?: unknown });
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** Classifies a thrown fetch failure. */
export function transportCode(error: unknown): TransportErrorCode {
  for (const link of causes(error)) {
    if (link.name === 'TimeoutError') return 'timeout';
    if (link.name === 'AbortError') return 'aborted';
    const code = typeof link.code === 'string' ? link.code : '';
    if (SOCKET_CODES[code]) return SOCKET_CODES[code];
    if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) return 'tls';
  }
  return 'network';
}

// What failures without an answer say; the deepest cause's own text goes in `details`.
export const SUMMARY: Partial<Record<TransportErrorCode, string>> = {
  timeout: 'No answer before the time limit (timeoutMs)',
  aborted: 'The request was cancelled',
  'connection-refused': 'The server refused the connection',
  'connection-reset': 'The connection was closed before the answer was complete',
  dns: 'The host name could not be resolved',
  tls: 'The TLS handshake failed (certificate not trusted?)',
  'unreadable-body': 'The response body could not be read',
  'invalid-request': 'The request was refused before sending',
};

/** The error for a failure without an HTTP answer; the deepest cause's text, redacted, is the details. */
export function errorFromTransport(
  error: unknown,
  call: { method: string; path: string },
  secrets: readonly string[],
  code: TransportErrorCode = transportCode(error),
): PortainerError {
  if (error instanceof PortainerError) return error;
  const deepest = causes(error).at(-1);
  const text = deepest ? `${typeof deepest.code === 'string' ? `${deepest.code}: ` : ''}${String(deepest.message ?? '')}` : '';
  return new PortainerError({ ...call, code, message: SUMMARY[code] ?? 'The request could not be sent', details: text ? redact(text, secrets) : undefined });
}
