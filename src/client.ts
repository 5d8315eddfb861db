// createPortainerClient: the typed Portainer API at `${url}/api`, plus docker(endpointId) for the
// Docker Engine API behind Portainer's proxy.
import type { paths as PortainerPaths } from '../generated/portainer.js';
import { requestMedia } from '../generated/portainer.media.js';
import { Credentials } from './credentials.js';
import { createDockerClient, type DockerClient, type DockerClientOptions } from './docker.js';
import { resolveOptions, type PortainerClientOptions } from './options.js';
import { createTransport } from './transport.js';
import { createTypedClient, type TypedClient } from './typed-client.js';

export interface PortainerClient extends TypedClient<PortainerPaths> {
  /** The typed Docker Engine API of one Docker environment, through Portainer's proxy. */
  docker(endpointId: number, options?: DockerClientOptions): DockerClient;
  /** Logs in now with the configured username and password (otherwise done before the first call). */
  login(): Promise<void>;
  /** Ends the current JWT session on the server and forgets the token. */
  logout(): Promise<void>;
  /** Releases the TLS connection pool, if the client made one. */
  close(): Promise<void>;
}

export function createPortainerClient(options: PortainerClientOptions): PortainerClient {
  const resolved = resolveOptions(options);
  // The transport needs the credentials (to sign requests) and the credentials need the
  // transport (to log in); the getter breaks the cycle.
  let credentials!: Credentials;
  const transport = createTransport(resolved, () => credentials);
  credentials = new Credentials(resolved.auth, resolved.baseUrl, transport.raw);
  const secrets = () => credentials.secrets();

  const api = createTypedClient<PortainerPaths>({ baseUrl: resolved.baseUrl, send: transport.send, requestMedia, secrets });
  return Object.assign(api, {
    docker: (endpointId: number, dockerOptions: DockerClientOptions = {}) =>
      createDockerClient(resolved.baseUrl, endpointId, dockerOptions, transport.send, secrets),
    login: () => credentials.login(),
    logout: () => credentials.logout(),
    close: () => transport.close(),
  });
}
