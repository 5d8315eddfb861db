import { inspect } from 'node:util';
import { redact } from './redact.js';

/** Why a request failed before an HTTP status could be read. */
export type TransportErrorCode =
  | 'timeout' // no answer within timeoutMs
  | 'aborted' // the caller's AbortSignal fired
  | 'connection-refused'
  | 'connection-reset'
  | 'dns' // the host name did not resolve
  | 'tls' // certificate or handshake failure
  | 'network' // any other socket-level failure
  | 'unreadable-body' // the response body could not be read or parsed
  | 'invalid-request'; // refused before sending (for example an unsafe path parameter)

export interface PortainerErrorInit {
  status?: number;
  message: string;
  details?: string;
  method: string;
  path: string;
  code?: TransportErrorCode;
}

/**
 * A failed call. HTTP failures carry `status`, `message` and `details` (from Portainer's
 * `{message, details}` body, Docker's `{message}`, or a safe excerpt of a non-JSON body); transport
 * failures carry `code`. Never holds a credential: every text is redacted before it is stored.
 */
export class PortainerError extends Error {
  override readonly name = 'PortainerError';
  readonly status: number | undefined;
  readonly details: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly code: TransportErrorCode | undefined;

  constructor(init: PortainerErrorInit) {
    super(init.message);
    this.status = init.status;
    this.details = init.details;
    this.method = init.method;
    this.path = init.path;
    this.code = init.code;
  }

  /** One line a person can act on: what was called, what happened, and why. */
  override toString(): string {
    const what = this.status !== undefined ? `${this.status}` : this.code ?? 'error';
    return `PortainerError: ${this.method} ${this.path} failed (${what}): ${this.message}${this.details ? ` (${this.details})` : ''}`;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, status: this.status, code: this.code, message: this.message, details: this.details, method: this.method, path: this.path };
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

const EXCERPT = 200;

function textOf(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface ParsedBody {
  message?: string;
  details?: string;
}

/** Reads Portainer's, Docker's and RFC 7807 (problem+json, as Prism sends) error bodies. */
function parseErrorBody(body: unknown): ParsedBody {
  if (!body || typeof body !== 'object') return {};
  const b = body as Record<string, unknown>;
  if (typeof b.message === 'string') {
    return { message: b.message, details: typeof b.details === 'string' && b.details ? b.details : undefined };
  }
  if (typeof b.title === 'string') {
    const problems = Array.isArray(b.validation)
      ? b.validation.map((v: { location?: unknown[]; message?: string }) => v.message ?? '').filter(Boolean)
      : [];
    const detail = typeof b.detail === 'string' ? b.detail : undefined;
    return { message: b.title, details: problems.length ? problems.join('; ') : detail };
  }
  return {};
}

function specViolations(header: string | null): string[] {
  if (!header) return [];
  try {
    const list = JSON.parse(header) as Array<{ message?: unknown }>;
    return Array.isArray(list) ? list.map((v) => v.message).filter((m): m is string => typeof m === 'string') : [];
  } catch {
    return [];
  }
}

/** Builds the error for a non-2xx response from openapi-fetch's parsed `error` value. */
export function errorFromResponse(
  response: Response,
  body: unknown,
  request: { method: string; path: string },
  secrets: Iterable<string | undefined>,
): PortainerError {
  const parsed = parseErrorBody(body);
  const list = [...secrets];
  let message = parsed.message;
  let details = parsed.details;
  if (!message) {
    // Not a JSON error body: an HTML page from a reverse proxy, plain text, or nothing at all.
    const statusText = response.statusText || `HTTP ${response.status}`;
    message = statusText;
    if (typeof body === 'string' && body.trim()) {
      // Redact before cutting, so that no secret can survive half-cut at the end of the excerpt.
      const text = redact(/<[a-z!][\s\S]*>/i.test(body) ? textOf(body) : body.trim(), list);
      const contentType = response.headers.get('content-type') ?? 'unknown content type';
      details = `${contentType} body: ${text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text}`;
    }
  }
  // A Prism mock lists the spec violations it found in a header; they name the offending field.
  const violations = specViolations(response.headers.get('sl-violations'));
  if (violations.length) details = `spec violations: ${violations.join('; ')}${details ? `; ${details}` : ''}`;
  return new PortainerError({
    status: response.status,
    message: redact(message, list),
    details: details === undefined ? undefined : redact(details, list),
    method: request.method,
    path: request.path,
  });
}

const CODES: Record<string, TransportErrorCode> = {
  ECONNREFUSED: 'connection-refused',
  ECONNRESET: 'connection-reset',
  EPIPE: 'connection-reset',
  UND_ERR_SOCKET: 'connection-reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
};

function causeChain(error: unknown): Array<{ code?: string; message?: string; name?: string }> {
  const chain = [];
  let current: unknown = error;
  for (let i = 0; current && i < 6; i++) {
    chain.push(current as { code?: string; message?: string; name?: string });
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** Classifies a thrown fetch failure. */
export function transportCode(error: unknown): TransportErrorCode {
  for (const link of causeChain(error)) {
    if (link.name === 'TimeoutError') return 'timeout';
    if (link.name === 'AbortError') return 'aborted';
    if (link.code && CODES[link.code]) return CODES[link.code]!;
    if (link.code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(link.code)) return 'tls';
  }
  return 'network';
}

export function errorFromTransport(
  error: unknown,
  request: { method: string; path: string },
  secrets: Iterable<string | undefined>,
  code: TransportErrorCode = transportCode(error),
): PortainerError {
  if (error instanceof PortainerError) return error;
  const chain = causeChain(error);
  const deepest = chain.at(-1);
  const summary: Record<TransportErrorCode, string> = {
    timeout: 'No answer before the time limit',
    aborted: 'The request was cancelled',
    'connection-refused': 'The server refused the connection',
    'connection-reset': 'The connection was closed before the answer was complete',
    dns: 'The host name could not be resolved',
    tls: 'The TLS handshake failed (certificate not trusted?)',
    network: 'The request could not be sent',
    'unreadable-body': 'The response body could not be read',
    'invalid-request': 'The request was refused before sending',
  };
  const list = [...secrets];
  const cause = deepest && deepest !== error ? `${deepest.code ? `${deepest.code}: ` : ''}${deepest.message ?? ''}` : (error as Error)?.message;
  return new PortainerError({
    message: summary[code],
    details: cause ? redact(String(cause), list) : undefined,
    method: request.method,
    path: request.path,
    code,
  });
}
