// Where and how a terminal's WebSocket connects: the client's own Portainer address, as ws:// or
// wss://, and its own credential (and `headers` option) as headers. Never in the URL: Portainer
// dropped the `token` query parameter (GHSA-jvp4-q659-95mj), and a URL ends up in logs.
import { connections } from '../client.js';
import type { PortainerClient } from '../index.js';
import { invalidInput } from './job-error.js';

export interface Handshake {
  url: string;
  headers: Headers;
  /** The client's connection pool (its TLS settings), when it has one. */
  dispatcher: unknown;
}

/** The WebSocket address of `route` (such as `/websocket/exec`) with its `query`, and what to send with it. */
export async function handshake(portainer: PortainerClient, route: string, query: Record<string, string | number | undefined>): Promise<Handshake> {
  const connection = connections.get(portainer);
  if (!connection) throw invalidInput({ method: 'GET', path: route }, 'openTerminal: `portainer` must be a client made by createPortainerClient');
  const url = new URL(`${connection.baseUrl}${route}`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
  return { url: url.href, headers: await connection.headers(), dispatcher: connection.dispatcher };
}
