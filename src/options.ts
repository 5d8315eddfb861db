import { JWT_SHAPE } from './jwt.js';

/**
 * The fetch the client calls. `init.dispatcher` is the client's own undici pool (time limits, TLS):
 * a wrapper that passes `init` on to the platform's fetch keeps them. (Typed loosely so that
 * programs using the client need not load undici's type declarations.)
 */
export type FetchLike = (input: Request, init?: RequestInit & { dispatcher?: unknown }) => Promise<Response>;

export interface RetryOptions {
  /** Attempts in all, the first included (default 3; 1 turns retries off). */
  attempts?: number;
  /** Methods that may be retried (default GET, HEAD, OPTIONS, PUT, DELETE: the idempotent ones). */
  methods?: string[];
  /** First backoff delay in ms, doubled each time, with jitter (default 200). */
  baseDelayMs?: number;
  /** Longest wait between attempts, Retry-After included (default 10000). */
  maxDelayMs?: number;
  /** Called before each retry (for logging or metrics); never given a credential. */
  onRetry?: (info: RetryInfo) => void;
}

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

export type ResolvedRetry = Required<Omit<RetryOptions, 'onRetry'>> & Pick<RetryOptions, 'onRetry'>;

export interface TlsOptions {
  /** PEM text (or Buffer) of the CA that signed the server's certificate. */
  ca?: string | Buffer;
  /** Accept any certificate. Only for self-signed test installs: traffic can be intercepted. */
  insecureSkipVerify?: boolean;
}

interface CommonOptions {
  /** Portainer's base URL, such as `https://portainer.example.org:9443`; the client adds `/api`. */
  url: string | URL;
  /** Per-attempt time limit in ms (default 30000); 0 disables it. */
  timeoutMs?: number;
  retry?: RetryOptions;
  tls?: TlsOptions;
  /** Bring your own fetch (for tests, proxies, instrumentation). */
  fetch?: FetchLike;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}

export type PortainerClientOptions = CommonOptions &
  (
    | { apiKey: string; jwt?: never; username?: never; password?: never }
    | { jwt: string; apiKey?: never; username?: never; password?: never }
    | { username: string; password: string; apiKey?: never; jwt?: never }
    | { apiKey?: undefined; jwt?: undefined; username?: undefined; password?: undefined }
  );

export type Auth =
  | { kind: 'apiKey'; apiKey: string }
  | { kind: 'jwt'; jwt: string }
  | { kind: 'login'; username: string; password: string }
  | { kind: 'none' };

export interface ResolvedOptions {
  baseUrl: string; // ends with /api, no trailing slash
  auth: Auth;
  timeoutMs: number;
  retry: ResolvedRetry;
  tls?: TlsOptions;
  fetch?: FetchLike;
  headers: Record<string, string>;
  /** Unix socket to connect to instead of the URL's host (Docker daemons). */
  socketPath?: string;
  /** How undici is loaded (tests replace it to show the client copes without it). */
  loadUndici?: () => Promise<{ Agent: new (options: object) => { close(): Promise<void> } }>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRY: ResolvedRetry = {
  attempts: 3,
  methods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'],
  baseDelayMs: 200,
  maxDelayMs: 10_000,
};

function fail(message: string): never {
  throw new TypeError(`portainer-openapi: ${message}`);
}

/** Validates a base URL; `apiSuffix` appends `/api` (Portainer) unless it is already there. */
export function resolveUrl(url: unknown, apiSuffix = true): string {
  if (typeof url !== 'string' && !(url instanceof URL)) fail('`url` is required: the address of your Portainer server, such as https://portainer.example.org:9443');
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    fail(`\`url\` is not a valid absolute URL (got ${JSON.stringify(String(url).slice(0, 100))}); include the scheme, such as https://portainer.example.org:9443`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fail(`\`url\` must use http or https, not ${parsed.protocol.replace(':', '')}`);
  if (parsed.username || parsed.password) fail('`url` must not contain credentials; use the apiKey, jwt or username/password options');
  if (parsed.search || parsed.hash) fail('`url` must not contain a query string or fragment');
  const base = parsed.pathname.replace(/\/+$/, '');
  if (!apiSuffix) return `${parsed.origin}${base}`;
  // Accept ".../api" too, without doubling it.
  return `${parsed.origin}${base.endsWith('/api') ? base : `${base}/api`}`;
}

function resolveAuth(options: Record<string, unknown>): Auth {
  const given = ['apiKey', 'jwt', 'username', 'password'].filter((k) => options[k] !== undefined && options[k] !== '');
  for (const key of given) if (typeof options[key] !== 'string') fail(`\`${key}\` must be a string`);
  const { apiKey, jwt, username, password } = options as Record<string, string | undefined>;
  if (apiKey && (jwt || username || password)) fail(`give exactly one way to authenticate; got ${given.join(', ')}`);
  if (jwt && (username || password)) fail(`give exactly one way to authenticate; got ${given.join(', ')}`);
  if (apiKey) {
    if (/^Bearer\s/i.test(apiKey)) fail('`apiKey` must be the bare key (ptr_…), without "Bearer "; it is sent in X-API-Key');
    if (JWT_SHAPE.test(apiKey)) fail('the value given as `apiKey` is a JWT; pass it as `jwt` (sent as Authorization: Bearer), or create an API key (ptr_…) for `apiKey`');
    return { kind: 'apiKey', apiKey };
  }
  if (jwt) {
    if (/^ptr_/.test(jwt)) fail('the value given as `jwt` is a Portainer API key (ptr_…); pass it as `apiKey` (sent as X-API-Key), not as a bearer token');
    if (/^Bearer\s/i.test(jwt)) fail('`jwt` must be the bare token, without "Bearer "');
    return { kind: 'jwt', jwt };
  }
  if (username || password) {
    if (!username) fail('`password` was given without `username`');
    if (!password) fail('`username` was given without `password`');
    return { kind: 'login', username, password };
  }
  return { kind: 'none' };
}

export function resolveRetry(retry: RetryOptions | undefined): ResolvedRetry {
  const out = { ...DEFAULT_RETRY, ...retry };
  if (!Number.isInteger(out.attempts) || out.attempts < 1 || out.attempts > 10) fail('`retry.attempts` must be an integer from 1 to 10');
  if (!Array.isArray(out.methods)) fail('`retry.methods` must be a list of HTTP methods');
  out.methods = out.methods.map((m) => String(m).toUpperCase());
  if (out.onRetry !== undefined && typeof out.onRetry !== 'function') fail('`retry.onRetry` must be a function');
  return out;
}

export function resolveTimeout(timeoutMs: unknown): number {
  const value = timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail('`timeoutMs` must be a number of milliseconds (0 disables the limit)');
  return value;
}

export function resolveOptions(options: PortainerClientOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') fail('createPortainerClient needs an options object with at least `url`');
  const timeoutMs = resolveTimeout(options.timeoutMs);
  if (options.fetch !== undefined && typeof options.fetch !== 'function') fail('`fetch` must be a function');
  return {
    baseUrl: resolveUrl(options.url),
    auth: resolveAuth(options as unknown as Record<string, unknown>),
    timeoutMs,
    retry: resolveRetry(options.retry),
    tls: options.tls,
    fetch: options.fetch,
    headers: { ...options.headers },
  };
}
