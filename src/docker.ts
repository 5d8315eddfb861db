// The Docker Engine API behind Portainer's proxy, typed from generated/docker.ts and based at
// /api/endpoints/{endpointId}/docker.
import type { paths as DockerPaths } from '../generated/docker.js';
import { requestMedia } from '../generated/docker.media.js';
import { createTypedClient, type TypedClient } from './typed-client.js';
import type { Send } from './transport.js';

export type DockerClient = TypedClient<DockerPaths>;

export interface DockerClientOptions {
  /** Docker API version prefix, such as `1.41` (sent as /v1.41/…); none by default. */
  apiVersion?: string;
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
  const { apiVersion } = options;
  if (apiVersion !== undefined && !/^\d+\.\d+$/.test(apiVersion)) {
    throw new TypeError(`portainer-openapi: apiVersion must look like "1.41" (got ${JSON.stringify(apiVersion)})`);
  }
  const baseUrl = `${portainerBase}/endpoints/${endpointId}/docker${apiVersion ? `/v${apiVersion}` : ''}`;
  return createTypedClient<DockerPaths>({ baseUrl, send, requestMedia, secrets });
}
