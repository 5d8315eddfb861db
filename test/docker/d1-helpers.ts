// Shared by the d1 (containers and exec) tests: clients through the validating proxy and straight
// to the daemon, unique names, a label to find our containers by, and cleanup.
import { inject } from 'vitest';
import { createDockerEngineClient, type DockerEngineClient } from '../../src/index.js';

export const LABEL = 'org.portainer-openapi.test';

export interface D1Context {
  /** Through the Prism proxy: every request and response is checked against the spec. */
  proxy: DockerEngineClient;
  /** Straight to the daemon, for hijacked, long-poll and binary bodies Prism cannot carry. */
  direct: DockerEngineClient;
  image: string;
  /** A name unique to this run, under the file's prefix. */
  name(suffix: string): string;
  /** Our label, as `LABEL=value`, for filters. */
  label: string;
  labels: Record<string, string>;
  /** Remember a container to force-remove in afterAll. */
  track(id: string): string;
  cleanup(): Promise<void>;
}

export function d1Context(file: string): D1Context {
  const run = `${file}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const proxy = createDockerEngineClient({ url: inject('dockerProxyUrl'), timeoutMs: 25_000, retry: { attempts: 1 } });
  const direct = createDockerEngineClient({ url: inject('dockerUrl'), timeoutMs: 25_000, retry: { attempts: 1 } });
  const tracked = new Set<string>();
  return {
    proxy,
    direct,
    image: inject('testImage'),
    name: (suffix) => `d1-${run}-${suffix}`,
    label: `${LABEL}=${run}`,
    labels: { [LABEL]: run },
    track(id) {
      tracked.add(id);
      return id;
    },
    async cleanup() {
      for (const id of tracked) {
        await direct.DELETE('/containers/{id}', { params: { path: { id }, query: { force: true, v: true } } }).catch(() => undefined);
      }
      await proxy.close();
      await direct.close();
    },
  };
}

/** Creates a container (directly), tracks it, and returns its ID. */
export async function createContainer(
  ctx: D1Context,
  suffix: string,
  body: { Cmd: string[]; Tty?: boolean; OpenStdin?: boolean; HostConfig?: Record<string, unknown> } & Record<string, unknown>,
): Promise<string> {
  const { data, error } = await ctx.direct.POST('/containers/create', {
    params: { query: { name: ctx.name(suffix) } },
    body: { Image: ctx.image, Labels: ctx.labels, ...body, HostConfig: { NetworkMode: 'none', ...body.HostConfig } },
  });
  if (error) throw error;
  return ctx.track(data.Id);
}

export { readAll } from '../helpers/bytes.js';

export const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
