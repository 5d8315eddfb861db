// Stream a container's logs, stdout and stderr kept apart.
//
//   PORTAINER_URL=https://portainer.example.org:9443 PORTAINER_API_KEY=ptr_… \
//   PORTAINER_ENDPOINT_ID=1 CONTAINER=web01 FOLLOW=1 TAIL=100 npx tsx examples/stream-logs.ts
//
// Or straight from a Docker daemon, without Portainer: DOCKER_URL=http://127.0.0.1:2375 (or
// DOCKER_SOCKET=/var/run/docker.sock) instead of the PORTAINER_ variables.
//
// A container without a TTY sends its logs multiplexed: frames with an 8-byte header saying
// stdout or stderr. One with a TTY sends raw bytes. The container's configuration says which, and
// `demultiplexDockerStreamTo` handles both, waiting on each write so memory stays bounded.
import { pathToFileURL } from 'node:url';
import {
  createDockerEngineClient,
  createPortainerClient,
  demultiplexDockerStreamTo,
  type ByteSink,
  type DockerClient,
} from 'portainer-openapi/node';

export interface LogOptions {
  follow?: boolean;
  /** Lines from the end to start with, or 'all'. */
  tail?: string;
  timestamps?: boolean;
}

/** Writes the logs of container `id` (ID or name) to `stdout` and `stderr`; resolves with the byte counts. */
export async function streamLogs(docker: DockerClient, id: string, stdout: ByteSink, stderr: ByteSink, options: LogOptions = {}) {
  const inspect = await docker.GET('/containers/{id}/json', { params: { path: { id } } });
  if (inspect.error) throw inspect.error; // 404: no such container
  const tty = inspect.data.Config?.Tty === true;

  const { data: body, error } = await docker.GET('/containers/{id}/logs', {
    params: {
      path: { id },
      query: { stdout: true, stderr: true, follow: options.follow ?? false, tail: options.tail ?? 'all', timestamps: options.timestamps ?? false },
    },
    parseAs: 'stream', // with follow, the body stays open until the container stops
  });
  if (error) throw error;
  return demultiplexDockerStreamTo(body!, stdout, stderr, { tty });
}

export async function main(
  env: NodeJS.ProcessEnv = process.env,
  out: { stdout: ByteSink; stderr: ByteSink } = { stdout: process.stdout, stderr: process.stderr },
) {
  const container = env.CONTAINER;
  if (!container) throw new Error('Set CONTAINER to a container ID or name (see the top of examples/stream-logs.ts)');
  const options: LogOptions = { follow: env.FOLLOW === '1' || env.FOLLOW === 'true', tail: env.TAIL ?? 'all', timestamps: env.TIMESTAMPS === '1' };

  if (env.DOCKER_URL || env.DOCKER_SOCKET) {
    const docker = env.DOCKER_URL ? createDockerEngineClient({ url: env.DOCKER_URL }) : createDockerEngineClient({ socketPath: env.DOCKER_SOCKET! });
    try {
      return await streamLogs(docker, container, out.stdout, out.stderr, options);
    } finally {
      await docker.close();
    }
  }

  const url = env.PORTAINER_URL;
  if (!url) throw new Error('Set PORTAINER_URL (or DOCKER_URL / DOCKER_SOCKET for a daemon)');
  const portainer = env.PORTAINER_API_KEY
    ? createPortainerClient({ url, apiKey: env.PORTAINER_API_KEY })
    : createPortainerClient({ url, username: env.PORTAINER_USERNAME ?? '', password: env.PORTAINER_PASSWORD ?? '' });
  try {
    const endpointId = Number(env.PORTAINER_ENDPOINT_ID ?? 1);
    return await streamLogs(portainer.docker(endpointId), container, out.stdout, out.stderr, options);
  } finally {
    await portainer.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(String(error));
    process.exitCode = 1;
  });
}
