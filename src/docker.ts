// The Docker Engine API, typed from generated/docker.ts: behind Portainer's proxy
// (client.docker(endpointId)), or straight from a daemon (createDockerEngineClient).
import type { paths as DockerPaths } from '../generated/docker.js';
import { requestMedia } from '../generated/docker.media.js';
import { Credentials } from './credentials.js';
import { resolveRetry, resolveTimeout, resolveUrl, type FetchLike, type RetryOptions, type TlsOptions } from './options.js';
import { createTransport, type Send } from './transport.js';
import { createTypedClient, type TypedClient } from './typed-client.js';

export type DockerClient = TypedClient<DockerPaths>;

export interface DockerClientOptions {
  /** Docker API version prefix, such as `1.41` (sent as /v1.41/…); none by default. */
  apiVersion?: string;
}

function versionPrefix(apiVersion: string | undefined): string {
  if (apiVersion === undefined) return '';
  if (!/^\d+\.\d+$/.test(apiVersion)) {
    throw new TypeError(`portainer-openapi: apiVersion must look like "1.41" (got ${JSON.stringify(apiVersion)})`);
  }
  return `/v${apiVersion}`;
}

export function createDockerClient(
  portainerBase: string,
  endpointId: number,
  options: DockerClientOptions,
  send: Send,
  secrets: () => string[],
): DockerClient {
  if (!Number.isInteger(endpointId) || endpointId < 1) {
    throw new TypeError(`portainer-openapi: docker() needs a positive integer environment id (got ${JSON.stringify(endpointId)})`);
  }
  const baseUrl = `${portainerBase}/endpoints/${endpointId}/docker${versionPrefix(options.apiVersion)}`;
  return createTypedClient<DockerPaths>({ baseUrl, send, requestMedia, secrets });
}

export interface DockerEngineClientOptions extends DockerClientOptions {
  /** The daemon's address, such as `http://127.0.0.1:2375`; with `socketPath`, any http URL. */
  url?: string;
  /** A Unix socket to connect to, such as `/var/run/docker.sock`. */
  socketPath?: string;
  timeoutMs?: number;
  retry?: RetryOptions;
  tls?: TlsOptions;
  fetch?: FetchLike;
  headers?: Record<string, string>;
}

export interface DockerEngineClient extends DockerClient {
  /** Releases the connection pool, if the client made one. */
  close(): Promise<void>;
}

/** A typed client for a Docker daemon reached directly, without Portainer. */
export function createDockerEngineClient(options: DockerEngineClientOptions): DockerEngineClient {
  if (!options || typeof options !== 'object') throw new TypeError('portainer-openapi: createDockerEngineClient needs `url` or `socketPath`');
  if (!options.url && !options.socketPath) throw new TypeError('portainer-openapi: createDockerEngineClient needs `url` or `socketPath`');
  const resolved = {
    baseUrl: resolveUrl(options.url ?? 'http://localhost', false),
    auth: { kind: 'none' as const },
    timeoutMs: resolveTimeout(options.timeoutMs),
    retry: resolveRetry(options.retry),
    tls: options.tls,
    fetch: options.fetch,
    headers: { ...options.headers },
    socketPath: options.socketPath,
  };
  const credentials = new Credentials(resolved.auth, resolved.baseUrl, () => Promise.reject(new Error('no login for a daemon')));
  const transport = createTransport(resolved, () => credentials);
  const client = createTypedClient<DockerPaths>({
    baseUrl: `${resolved.baseUrl}${versionPrefix(options.apiVersion)}`,
    send: transport.send,
    requestMedia,
    secrets: () => [],
  });
  return Object.assign(client, { close: () => transport.close() });
}
