// The options of the clients, and their validation: a bad option fails at construction with a
// PortainerError (`code: 'invalid-option'`) naming it, never quoting a secret.
import { invalid } from './errors.js';
import type { PortainerVersion } from './versions.js';

/**
 * A function with fetch's signature. The client calls it with a Request made for this attempt and
 * `{ signal }` (the attempt's time limit, the caller's signal and close()), which a wrapper should
 * pass on: `(request, init) => fetch(request, init)`.
 */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/** When failed calls are tried again: idempotent methods, after network failures, 429, 502, 503 and 504, with jittered backoff or the server's Retry-After. */
export interface RetryOptions {
  /** Attempts in all, the first included: an integer from 1 to 10 (default 3; 1 turns retries off). */
  attempts?: number;
  /** Methods that may be retried (default GET, HEAD, OPTIONS, PUT, DELETE: the idempotent ones). */
  methods?: string[];
  /** First backoff delay in ms, doubled each time, with jitter (default 200). */
  baseDelayMs?: number;
  /** Longest wait between attempts in ms, Retry-After included (default 10000). */
  maxDelayMs?: number;
  /** Called before each retry (for logging or metrics); never given a credential. */
  onRetry?: (info: RetryInfo) => void;
}

/** What `retry.onRetry` is told before each retry. */
export interface RetryInfo {
  /** The attempt that failed (1 for the first). */
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  method: string;
  path: string;
  /** The HTTP status that caused the retry, if any. */
  status?: number;
  /** The transport failure that caused the retry, if any. */
  code?: string;
}

/** Options every client takes, whatever it talks to. */
export interface TransportOptions {
  /**
   * Time limit of each attempt in ms: the wait for the answer's headers, and any pause of that
   * length while a buffered body arrives (streamed bodies are limited only until their headers).
   * An integer from 0 to 2147483647; default 30000; 0 turns it off.
   */
  timeoutMs?: number;
  /** Largest buffered (non-streamed) response body in bytes (default 64 MiB); larger is `body-too-large`. */
  maxBodyBytes?: number;
  /** When and how often failed calls are tried again. */
  retry?: RetryOptions;
  /** Your own fetch (tests, instrumentation, proxies). Redirects are never followed, whatever it does. */
  fetch?: FetchLike;
  /**
   * Extra headers sent with every request, login and logout included (for an access proxy in front
   * of Portainer). Their values are treated as secrets: never shown in errors.
   */
  headers?: Record<string, string> | Headers | Array<[string, string]>;
}

type AuthKey = 'apiKey' | 'jwt' | 'username' | 'password';
type Only<T> = T & { [K in Exclude<AuthKey, keyof T>]?: never };

/** How a Portainer client authenticates: exactly one of these, or none for public routes. */
export type PortainerAuthOptions =
  | Only<{
      /** A Portainer API key (`ptr_…`), sent as `X-API-Key`. */
      apiKey: string;
    }>
  | Only<{
      /** A JWT from `POST /auth`, sent as `Authorization: Bearer …`; Portainer's tokens last 8 hours. */
      jwt: string;
    }>
  | Only<{
      /** Logs in through `POST /auth` before the first call, and again before the token expires or after a 401. */
      username: string;
      /** The password for `username`; never sent anywhere but `POST /auth`. */
      password: string;
    }>
  | { [K in AuthKey]?: undefined };

/** Options of `createPortainerClient`: the server's `url`, at most one way to authenticate, the transport options and `portainerVersion`. */
export type PortainerClientOptions = TransportOptions &
  PortainerAuthOptions & {
    /** Portainer's base URL, such as `https://portainer.example.org:9443`; the client adds `/api`. */
    url: string | URL;
    /**
     * The server's Portainer CE version (`'2.33' | '2.39' | '2.44' | '2.45'`), or `'detect'` (read once
     * from `GET /api/system/status`): a call to an operation it lacks fails before sending, with code
     * `unsupported-version`; the types leave out what it lacks.
     */
    portainerVersion?: PortainerVersion | 'detect';
  };

export type Auth = { kind: 'apiKey'; apiKey: string } | { kind: 'jwt'; jwt: string } | { kind: 'login'; username: string; password: string } | { kind: 'none' };

export type ResolvedRetry = Required<Omit<RetryOptions, 'onRetry'>> & Pick<RetryOptions, 'onRetry'>;

export interface ResolvedTransport extends Required<Pick<TransportOptions, 'timeoutMs' | 'maxBodyBytes'>>, Pick<TransportOptions, 'fetch'> {
  retry: ResolvedRetry;
  headers: Array<[string, string]>;
}

const MAX_TIMER_MS = 2_147_483_647; // the longest delay setTimeout keeps
const JWT_SHAPE = /^eyJ[\w-]+\.[\w-]+\.[\w-]*$/;

function integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalid(`\`${name}\` must be an integer from ${min} to ${max} (got ${typeof value === 'number' ? value : typeof value})`);
  }
  return value;
}

/** Validates a base URL; `apiSuffix` appends `/api` (Portainer) unless it is already there. */
export function resolveUrl(url: unknown, apiSuffix: boolean): string {
  if (typeof url !== 'string' && !(url instanceof URL)) invalid('`url` is required, such as https://portainer.example.org:9443');
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch { invalid('`url` is not an absolute URL, such as https://portainer.example.org:9443'); }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') invalid(`\`url\` must use http or https, not ${parsed.protocol.slice(0, 20)}`);
  if (parsed.username || parsed.password) invalid('`url` must not hold credentials: use apiKey, jwt, or username and password');
  if (parsed.search || parsed.hash) invalid('`url` must not contain a query string or fragment');
  let end = parsed.pathname.length;
  while (parsed.pathname[end - 1] === '/') end--;
  let base = parsed.pathname.slice(0, end);
  if (apiSuffix && !base.endsWith('/api')) base += '/api';
  return `${parsed.origin}${base}`;
}

export function resolveAuth(options: Record<string, unknown>): Auth {
  const given = ['apiKey', 'jwt', 'username', 'password'].filter((k) => options[k] !== undefined);
  for (const key of given) if (typeof options[key] !== 'string' || options[key] === '') invalid(`\`${key}\` must be a non-empty string`);
  const { apiKey, jwt, username, password } = options as Record<string, string | undefined>;
  if (given.length > (username !== undefined && password !== undefined ? 2 : 1)) invalid(`give exactly one way to authenticate; got ${given.join(', ')}`);
  if (apiKey !== undefined) {
    if (/^Bearer\s/i.test(apiKey)) invalid('`apiKey` must be the bare key (ptr_…), without "Bearer "');
    if (JWT_SHAPE.test(apiKey)) invalid('the `apiKey` given is a JWT: pass it as `jwt` (sent as Authorization: Bearer)');
    return { kind: 'apiKey', apiKey };
  }
  if (jwt !== undefined) {
    if (jwt.startsWith('ptr_')) invalid('the `jwt` given is an API key (ptr_…): pass it as `apiKey` (sent as X-API-Key)');
    if (/^Bearer\s/i.test(jwt)) invalid('`jwt` must be the bare token, without "Bearer "');
    return { kind: 'jwt', jwt };
  }
  if (username === undefined && password !== undefined) invalid('`password` was given without `username`');
  if (password === undefined && username !== undefined) invalid('`username` was given without `password`');
  return username !== undefined ? { kind: 'login', username, password: password! } : { kind: 'none' };
}

/** Headers given as an object, a Headers or [name, value] pairs, each checked; undefined and null values left out. */
export function headerPairs(source: unknown, code: 'invalid-option' | 'invalid-request'): Array<[string, string]> {
  if (source === undefined || source === null) return [];
  if (typeof source !== 'object') invalid('headers must be an object, a Headers or [name, value] pairs', code);
  const pairs: Array<[string, string]> = [];
  for (const pair of (source instanceof Headers ? source.entries() : Array.isArray(source) ? source : Object.entries(source)) as Iterable<unknown>) {
    if (!Array.isArray(pair) || pair.length !== 2) invalid('each header in a list must be a [name, value] pair', code);
    if (pair[1] !== undefined && pair[1] !== null) pairs.push([pair[0], checkHeader(pair[0], pair[1], code)]);
  }
  return pairs;
}

/** Checks one header name and value, naming the header (never its value) when it is refused. */
export function checkHeader(name: string, value: unknown, code: 'invalid-option' | 'invalid-request'): string {
  if (typeof name !== 'string' || !/^[!#$%&'*+.^`|~\w-]+$/.test(name)) invalid(`the header name ${JSON.stringify(String(name).slice(0, 60))} is not a valid HTTP header name`, code);
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') invalid(`the header "${name}" must have a string value`, code);
  const text = String(value);
  if (/[\0\n\r\u0100-\uffff]/.test(text)) invalid(`the value of header "${name}" has a character headers cannot carry (line break, NUL, non-Latin-1)`, code);
  return text;
}

export function resolveTransport(options: TransportOptions): ResolvedTransport {
  const retry = options.retry ?? {};
  if (typeof retry !== 'object') invalid('`retry` must be an object');
  const baseDelayMs = integer('retry.baseDelayMs', retry.baseDelayMs, 200, 0, MAX_TIMER_MS);
  const methods = retry.methods ?? ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];
  if (!Array.isArray(methods) || methods.some((m) => typeof m !== 'string')) invalid('`retry.methods` must be a list of methods');
  if (retry.onRetry !== undefined && typeof retry.onRetry !== 'function') invalid('`retry.onRetry` must be a function');
  if (options.fetch !== undefined && typeof options.fetch !== 'function') invalid('`fetch` must be a function');
  return {
    timeoutMs: integer('timeoutMs', options.timeoutMs, 30_000, 0, MAX_TIMER_MS),
    maxBodyBytes: integer('maxBodyBytes', options.maxBodyBytes, 64 * 1024 * 1024, 1, Number.MAX_SAFE_INTEGER),
    retry: {
      attempts: integer('retry.attempts', retry.attempts, 3, 1, 10),
      methods: methods.map((m) => m.toUpperCase()),
      baseDelayMs,
      maxDelayMs: integer('retry.maxDelayMs', retry.maxDelayMs, 10_000, 0, MAX_TIMER_MS),
      onRetry: retry.onRetry,
    },
    fetch: options.fetch,
    headers: headerPairs(options.headers, 'invalid-option'),
  };
}

/** Refuses options only the Node entry understands, naming it. */
export function refuseNodeOnly<T>(options: T, what: string): T {
  for (const name of ['tls', 'socketPath']) {
    if ((options as Record<string, unknown> | undefined)?.[name] !== undefined) invalid(`the \`${name}\` option needs Node.js: import { ${what} } from 'portainer-openapi/node'`);
  }
  return options;
}
