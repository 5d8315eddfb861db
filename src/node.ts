// The Node.js entry: everything the main entry has, plus what needs Node: the `tls` option (a
// private CA, or no verification for self-signed test installs), Unix sockets for Docker daemons,
// and a connection pool of the client's own whose only time limit is the client's (Node's shared
// pool ends a streamed body after 5 idle minutes: a quiet event stream or followed log).
import { Agent } from 'undici';
import { portainerClient, type PortainerClient } from './client.js';
import { dockerEngineClient, type DockerEngineClient, type DockerEngineClientOptions } from './docker.js';
import { invalid } from './errors.js';
import type { PortainerClientOptions } from './options.js';
import type { PortainerVersion } from './versions.js';
import type { Platform } from './transport.js';

export * from './index.js';

/** Options that only the Node entry has. */
export interface NodeOptions {
  /** TLS settings of this client alone (its own pool; nothing process-wide changes). */
  tls?: {
    /** PEM text (or bytes) of the CA that signed the server's certificate. */
    ca?: string | Uint8Array;
    /** Accept any certificate. Only for self-signed test installs: traffic can be intercepted. */
    insecureSkipVerify?: boolean;
  };
}

/** Options of the Node entry's `createDockerEngineClient`: those of the main entry, TLS and a Unix socket. */
export interface NodeDockerEngineClientOptions extends DockerEngineClientOptions, NodeOptions {
  /** A Unix socket to connect to, such as `/var/run/docker.sock`. */
  socketPath?: string;
}

function platform(options: NodeOptions & { socketPath?: string; fetch?: unknown }): Platform | undefined {
  if (!options || typeof options !== 'object') return undefined; // refused by the client itself
  const { tls = {}, socketPath, fetch } = options;
  if (fetch !== undefined) {
    if (options.tls !== undefined || socketPath !== undefined) invalid('`tls` and `socketPath` apply to the client\'s own connections; they cannot be combined with `fetch`');
    return undefined;
  }
  if (typeof tls !== 'object' || tls === null) invalid('`tls` must be an object such as { ca } or { insecureSkipVerify: true }');
  if (tls.ca !== undefined && typeof tls.ca !== 'string' && !(tls.ca instanceof Uint8Array)) invalid('`tls.ca` must be PEM text or bytes');
  if (socketPath !== undefined && (typeof socketPath !== 'string' || !socketPath)) invalid('`socketPath` must be the path of a Unix socket');
  const ca = typeof tls.ca === 'string' || tls.ca === undefined ? tls.ca : Buffer.from(tls.ca);
  // The client's deadline is the one time limit (undici's own would end idle streams).
  const agent = new Agent({ connect: { socketPath, ca, rejectUnauthorized: !tls.insecureSkipVerify }, headersTimeout: 0, bodyTimeout: 0 });
  let closed: Promise<void> | undefined;
  return { dispatcher: agent, close: () => (closed ??= agent.close()) };
}

/** createPortainerClient with the Node-only `tls` option. */
export function createPortainerClient<const V extends PortainerVersion | 'detect' | undefined = undefined>(options: PortainerClientOptions & NodeOptions & { portainerVersion?: V }): PortainerClient<V> {
  return portainerClient(options, platform(options)) as PortainerClient<V>;
}

/** createDockerEngineClient with the Node-only `tls` and `socketPath` options. */
export function createDockerEngineClient(options: NodeDockerEngineClientOptions): DockerEngineClient { return dockerEngineClient(options, platform(options)); }

export { openTerminal, type OpenTerminalOptions, type TerminalEnd, type TerminalSession } from './jobs/open-terminal.js';
