// createPortainerClient: the typed Portainer API at `${url}/api`, plus docker(endpointId) for the
// Docker Engine API behind Portainer's proxy.
import type { paths as DockerPaths } from '../generated/docker.js';
import { requestMedia as dockerMedia } from '../generated/docker.media.js';
import type { paths as PortainerPaths } from '../generated/portainer.js';
import { requestMedia } from '../generated/portainer.media.js';
import { dockerBaseUrl, type DockerClient, type DockerClientOptions } from './docker.js';
import { invalid, json } from './errors.js';
import { versionCheck, type PathsFor, type PortainerVersion } from './versions.js';
import { refuseNodeOnly, resolveAuth, resolveTransport, resolveUrl, type PortainerClientOptions } from './options.js';
import { Session } from './session.js';
import { createTransport, type Platform } from './transport.js';
import { createTypedClient, type TypedClient } from './typed-client.js';

/** The client, typed for the Portainer version `V` when one is given (see portainerVersion). */
export type PortainerClient<V extends PortainerVersion | 'detect' | undefined = undefined> = TypedClient<V extends PortainerVersion ? PathsFor<V> : PortainerPaths> & PortainerSession;

/** What a Portainer client has besides its typed methods: `docker()`, the session (`login`, `logout`) and `close()`. */
export interface PortainerSession {
  /** The typed Docker Engine API of one Docker environment, through Portainer's proxy. */
  docker(endpointId: number, options?: DockerClientOptions): DockerClient;
  /** Logs in now with the username and password (otherwise done before the first call); after logout(), starts a new session. */
  login(): Promise<void>;
  /**
   * Ends the JWT session: `POST /auth/logout`, then the client forgets the token for good. Calls
   * made afterwards fail at once with code `logged-out`, without sending anything; calls already
   * sent are not renewed after a 401; a login still on its way is undone when it lands. Only
   * login() starts a new session. An API key has no session: revoke it in Portainer instead.
   */
  logout(): Promise<void>;
  /**
   * Ends the client: cancels calls in flight and open streams (events, followed logs), releases
   * its connection pool. Idempotent; calls afterwards fail at once with code `closed`.
   */
  close(): Promise<void>;
}

/** How to reach Portainer outside the typed calls (the Node entry's WebSocket terminal). */
export interface Connection {
  baseUrl: string; // ending in /api
  headers(): Promise<Headers>; // the `headers` option and the credentials
  dispatcher: unknown; // the Node entry's pool, if any
}

/** Kept apart from the client object, so that nothing enumerable on it holds a credential. */
export const connections = new WeakMap<object, Connection>();

/** Builds a client; `platform` is what the Node entry adds (connection pools). */
export function portainerClient(options: PortainerClientOptions, platform?: Platform): PortainerClient {
  if (!options || typeof options !== 'object') invalid('createPortainerClient needs an options object with at least `url`');
  const baseUrl = resolveUrl(options.url, true);
  const auth = resolveAuth(options as unknown as Record<string, unknown>);
  const config = resolveTransport(options);
  const headerValues = config.headers.map(([, value]) => value);
  const apiPath = new URL(baseUrl).pathname;
  // Calls without credentials: login, logout, and the version of the server.
  const anonymous = async (method: string, path: string, body?: string, token?: string) => {
    const headers = new Headers({ Accept: 'application/json' });
    if (body) headers.set('Content-Type', 'application/json');
    if (token) headers.set('Authorization', `Bearer ${token}`);
    const received = await transport.send({ method, url: baseUrl + path, path: apiPath + path, headers, body: body ?? null, replayable: true, streaming: false, anonymous: true });
    return { ...received, path: apiPath + path };
  };
  // The session logs in through the transport, and the transport asks the session for credentials.
  const session: Session = new Session(auth, (path, { body, token }) => anonymous('POST', path, body, token), headerValues);
  const unsupported = versionCheck(options.portainerVersion, async () => {
    const { response, bytes } = await anonymous('GET', '/system/status');
    const version = response.ok && bytes ? json(new TextDecoder().decode(bytes))?.Version : undefined;
    return typeof version === 'string' ? version : undefined;
  });
  const secrets = () => [...session.secrets(), ...headerValues];
  const transport = createTransport(config, session, secrets, platform);
  const api = createTypedClient<PortainerPaths>({ baseUrl, transport, requestMedia, secrets, unsupported });
  const client = Object.assign(api, {
    docker: (endpointId: number, dockerOptions: DockerClientOptions = {}) =>
      createTypedClient<DockerPaths>({ baseUrl: dockerBaseUrl(baseUrl, endpointId, dockerOptions), transport, requestMedia: dockerMedia, secrets, dockerNames: true }),
    login: () => session.login(),
    logout: () => session.logout(),
    close: () => transport.close(),
  });
  const headers = async () => {
    const h = new Headers(config.headers);
    await session.apply(h); // logs in first, when needed
    return h;
  };
  connections.set(client, { baseUrl, dispatcher: platform?.dispatcher, headers });
  return client;
}

/**
 * A typed client of the Portainer API at `url`. Authenticate with exactly one of `apiKey`, `jwt`,
 * or `username` and `password`. On Node.js, import it from `portainer-openapi/node` for the `tls`
 * option (a private CA, self-signed test installs).
 */
export function createPortainerClient<const V extends PortainerVersion | 'detect' | undefined = undefined>(options: PortainerClientOptions & { portainerVersion?: V }): PortainerClient<V> {
  return portainerClient(refuseNodeOnly(options, 'createPortainerClient')) as PortainerClient<V>;
}
