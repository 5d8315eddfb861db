// The Docker Engine API, typed from generated/docker.ts: behind Portainer's proxy
// (client.docker(endpointId)), or straight from a daemon (createDockerEngineClient).
import type { paths as DockerPaths } from '../generated/docker.js';
import { requestMedia } from '../generated/docker.media.js';
import { PortainerError, invalid } from './errors.js';
import { refuseNodeOnly, resolveTransport, resolveUrl, type TransportOptions } from './options.js';
import { createTransport, type Platform } from './transport.js';
import { createTypedClient, type TypedClient } from './typed-client.js';

/** A typed client of the Docker Engine API of one environment (`portainer.docker(id)`), with the same call shape as the Portainer client. */
export type DockerClient = TypedClient<DockerPaths>;

/** Options of `portainer.docker(id, options)`. */
export interface DockerClientOptions {
  /** Docker API version to speak, such as `1.41` (sent as /v1.41/…); none by default (the daemon's newest). */
  apiVersion?: string;
}

const API_VERSION = /^(\d{1,3})\.(\d{1,3})$/;

function versionPrefix(apiVersion: string | undefined): string {
  if (apiVersion === undefined) return '';
  if (typeof apiVersion !== 'string' || !API_VERSION.test(apiVersion)) invalid(`apiVersion must look like "1.41" (got ${JSON.stringify(String(apiVersion).slice(0, 20))})`);
  return `/v${apiVersion}`;
}

/** The base URL of an environment's Docker API behind Portainer. */
export function dockerBaseUrl(portainerBase: string, endpointId: number, options: DockerClientOptions): string {
  if (!Number.isSafeInteger(endpointId) || endpointId < 1) invalid(`docker() needs a positive integer environment id (got ${JSON.stringify(endpointId)})`);
  return `${portainerBase}/endpoints/${endpointId}/docker${versionPrefix(options?.apiVersion)}`;
}

/** Options of `createDockerEngineClient`: the daemon's address, its API version and the transport options of the Portainer client. */
export interface DockerEngineClientOptions extends DockerClientOptions, TransportOptions {
  /** The daemon's address, such as `http://127.0.0.1:2375` (with `socketPath` in the Node entry: any http URL). */
  url?: string;
}

/** A typed client of a Docker daemon reached directly (not through Portainer), from `createDockerEngineClient`. */
export interface DockerEngineClient extends DockerClient {
  /** Cancels calls in flight and open streams, releases the connection pool; idempotent. */
  close(): Promise<void>;
}

/** Builds a daemon client; `platform` is what the Node entry adds (connection pools, Unix sockets). */
export function dockerEngineClient(options: DockerEngineClientOptions, platform?: Platform): DockerEngineClient {
  if (!options || typeof options !== 'object' || (!options.url && !(options as { socketPath?: string }).socketPath)) invalid('createDockerEngineClient needs `url` (or, from portainer-openapi/node, `socketPath`)');
  const baseUrl = resolveUrl(options.url ?? 'http://localhost', false);
  const session = { apply: () => undefined, renewAfter401: async () => false };
  const transport = createTransport(resolveTransport(options), session, () => [], platform);
  const client = createTypedClient<DockerPaths>({ baseUrl: `${baseUrl}${versionPrefix(options.apiVersion)}`, transport, requestMedia, secrets: () => [], dockerNames: true });
  return Object.assign(client, { close: () => transport.close() });
}

/** A typed client for a Docker daemon reached directly, without Portainer. */
export function createDockerEngineClient(options: DockerEngineClientOptions): DockerEngineClient {
  return dockerEngineClient(refuseNodeOnly(options, 'createDockerEngineClient'));
}

// --- API version negotiation ---------------------------------------------------------------

/** The newest Docker Engine API version this description knows (it describes 1.41 up to this one). */
export const NEWEST_DOCKER_API_VERSION = '1.55';

/** Compares two API versions such as `1.41` and `1.9` numerically: negative, zero or positive. */
export function compareDockerApiVersions(a: string, b: string): number {
  const [, aMajor, aMinor] = API_VERSION.exec(a) ?? invalid(`not a Docker API version: ${JSON.stringify(String(a).slice(0, 20))}`);
  const [, bMajor, bMinor] = API_VERSION.exec(b) ?? invalid(`not a Docker API version: ${JSON.stringify(String(b).slice(0, 20))}`);
  return Number(aMajor) - Number(bMajor) || Number(aMinor) - Number(bMinor);
}

/** The version to speak: the lower of the daemon's newest (`ApiVersion`) and NEWEST_DOCKER_API_VERSION. */
export function pickDockerApiVersion(daemonApiVersion: string, newest: string = NEWEST_DOCKER_API_VERSION): string {
  return compareDockerApiVersions(daemonApiVersion, newest) < 0 ? daemonApiVersion : newest;
}

/**
 * Asks the daemon for its version (GET /version, without a version prefix) and returns the API
 * version to use with it. Throws the PortainerError of a failed call.
 */
export async function negotiateDockerApiVersion(client: DockerClient): Promise<string> {
  const { data, error } = await client.GET('/version');
  if (error) throw error;
  const version = data?.ApiVersion;
  if (typeof version !== 'string') throw new PortainerError({ code: 'unreadable-body', message: 'GET /version answered without ApiVersion' });
  return pickDockerApiVersion(version);
}

/**
 * Makes a client that speaks the negotiated API version: `make({})` builds a probe client, its
 * `GET /version` picks the version, then `make({ apiVersion })` builds the client returned. For
 * Portainer: `await withNegotiatedDockerApiVersion((o) => portainer.docker(endpointId, o))`.
 */
export async function withNegotiatedDockerApiVersion<C extends DockerClient>(make: (options: DockerClientOptions) => C): Promise<C & { apiVersion: string }> {
  const probe = make({}) as C & { close?: () => Promise<void> };
  const apiVersion = await negotiateDockerApiVersion(probe).finally(() => probe.close?.());
  return Object.assign(make({ apiVersion }), { apiVersion });
}
