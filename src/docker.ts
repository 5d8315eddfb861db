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

// --- API version negotiation ---------------------------------------------------------------

/** The newest Docker Engine API version this description knows (it describes 1.41 up to this one). */
export const NEWEST_DOCKER_API_VERSION = '1.55';

function parseApiVersion(version: string): [number, number] {
  const match = /^(\d+)\.(\d+)$/.exec(version);
  if (!match) throw new TypeError(`portainer-openapi: not a Docker API version: ${JSON.stringify(version)}`);
  return [Number(match[1]), Number(match[2])];
}

/** Compares two API versions such as `1.41` and `1.9` numerically: negative, zero or positive. */
export function compareDockerApiVersions(a: string, b: string): number {
  const [aMajor, aMinor] = parseApiVersion(a);
  const [bMajor, bMinor] = parseApiVersion(b);
  return aMajor - bMajor || aMinor - bMinor;
}

/** The version to speak: the lower of the daemon's newest (`ApiVersion`) and NEWEST_DOCKER_API_VERSION. */
export function pickDockerApiVersion(daemonApiVersion: string, newest: string = NEWEST_DOCKER_API_VERSION): string {
  return compareDockerApiVersions(daemonApiVersion, newest) < 0 ? daemonApiVersion : newest;
}

/**
 * Asks the daemon for its version (GET /version, without a version prefix) and returns the API
 * version to use with it. Works with a client made without `apiVersion`, either
 * `createDockerEngineClient({ url })` or `portainer.docker(endpointId)`. Throws the PortainerError
 * of a failed call.
 */
export async function negotiateDockerApiVersion(client: DockerClient): Promise<string> {
  const { data, error } = await client.GET('/version');
  if (error) throw error;
  const version = data?.ApiVersion;
  if (typeof version !== 'string') throw new TypeError('portainer-openapi: GET /version answered without ApiVersion');
  return pickDockerApiVersion(version);
}

/**
 * Makes a client that speaks the negotiated API version: `make({})` builds a probe client, its
 * `GET /version` picks the version, then `make({ apiVersion })` builds the client returned. For
 * Portainer: `await withNegotiatedDockerApiVersion((o) => portainer.docker(endpointId, o))`.
 */
export async function withNegotiatedDockerApiVersion<C extends DockerClient>(
  make: (options: DockerClientOptions) => C,
): Promise<C & { apiVersion: string }> {
  const probe = make({});
  let apiVersion: string;
  try {
    apiVersion = await negotiateDockerApiVersion(probe);
  } finally {
    const closable = probe as unknown as { close?: () => Promise<void> };
    if (typeof closable.close === 'function') await closable.close();
  }
  return Object.assign(make({ apiVersion }), { apiVersion });
}

/** A direct daemon client whose API version is negotiated with the daemon first (see negotiateDockerApiVersion). */
export async function createNegotiatedDockerEngineClient(
  options: Omit<DockerEngineClientOptions, 'apiVersion'>,
): Promise<DockerEngineClient & { apiVersion: string }> {
  return withNegotiatedDockerApiVersion((o) => createDockerEngineClient({ ...options, ...o }));
}
