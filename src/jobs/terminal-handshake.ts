// Where and how a terminal's WebSocket connects: Portainer's ws:// or wss:// address, and the
// credential as a header. Never in the URL: Portainer dropped the `token` query parameter
// (GHSA-jvp4-q659-95mj), and a URL ends up in logs.
import { invalidInput } from './job-error.js';

/**
 * How to reach Portainer for a WebSocket. The typed client keeps its address and credential to
 * itself, so a terminal is told them again (the same values as createPortainerClient's).
 */
export interface TerminalConnection {
  /** Portainer's address, such as `https://portainer.example.org:9443` (`/api` is added). */
  url: string | URL;
  /** An API key (`ptr_…`), sent as `X-API-Key`. */
  apiKey?: string;
  /** A JWT, sent as `Authorization: Bearer …`. */
  jwt?: string;
  tls?: {
    /** PEM of the CA that signed Portainer's certificate. */
    ca?: string | Buffer;
    /** Accept any certificate: self-signed test installs only. */
    insecureSkipVerify?: boolean;
  };
}

export interface Handshake {
  url: string;
  headers: Record<string, string>;
}

function fail(message: string): never {
  throw invalidInput({ method: 'GET', path: '/websocket' }, `openTerminal: ${message}`);
}

/**
 * Checks `connection` at once, and returns what builds the WebSocket address of a `route` (such as
 * `/websocket/exec`) with its `query`, and the headers that go with it.
 */
export function handshake(connection: TerminalConnection): (route: string, query: Record<string, string | number | undefined>) => Handshake {
  if (!connection || typeof connection !== 'object') fail('`connection` is required: { url, apiKey } or { url, jwt }');
  let base: URL;
  try {
    base = new URL(String(connection.url));
  } catch {
    fail('`connection.url` is not a valid absolute URL, such as https://portainer.example.org:9443');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') fail(`\`connection.url\` must use http or https, not ${base.protocol.replace(':', '')}`);
  if (base.username || base.password || base.search || base.hash) fail('`connection.url` must not hold credentials, a query or a fragment');
  const { apiKey, jwt } = connection;
  if (Boolean(apiKey) === Boolean(jwt)) fail('give exactly one of `connection.apiKey` and `connection.jwt`');
  const path = base.pathname.replace(/\/+$/, '');
  const api = path.endsWith('/api') ? path : `${path}/api`;
  const headers: Record<string, string> = apiKey ? { 'X-API-Key': apiKey } : { Authorization: `Bearer ${jwt!}` };
  return (route, query) => {
    const url = new URL(`${api}${route}`, base);
    url.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    return { url: url.href, headers: { ...headers } };
  };
}
