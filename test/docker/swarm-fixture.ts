// What a test needs around a single-node swarm on the shared daemon: loopback ports for it, the
// `docker_gwbridge` network made beforehand under a bridge name of our own, and leaving again so
// the daemon ends as it was. Swarm mode needs `docker_gwbridge`, which the daemon would otherwise
// create as a host bridge of that very name, shared with any other daemon on the machine doing
// the same; created here with its own bridge name, ours stays ours, and removing it cannot break
// another daemon.
import dgram from 'node:dgram';
import net from 'node:net';
import type { DockerEngineClient } from '../../src/index.js';

/** A port in 30000-49151 (the swarm's data port must be below 49152) free for TCP and UDP on loopback. */
export async function swarmPort(): Promise<number> {
  const tcpFree = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = net.createServer().once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  const udpFree = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = dgram.createSocket('udp4').once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 30000 + Math.floor(Math.random() * 19000);
    if ((await tcpFree(port)) && (await udpFree(port))) return port;
  }
  throw new Error('no free port found for the swarm');
}

export async function swarmState(daemon: DockerEngineClient): Promise<string | undefined> {
  const { data } = await daemon.GET('/info');
  return data?.Swarm?.LocalNodeState;
}

/**
 * Creates `docker_gwbridge` on a host bridge called `device` (at most 15 characters) unless the
 * daemon has one; true when this call created it (and `leaveSwarm` should remove it).
 */
export async function ensureGwBridge(engine: DockerEngineClient, device: string): Promise<boolean> {
  const existing = await engine.GET('/networks/{id}', { params: { path: { id: 'docker_gwbridge' } } });
  if (existing.response.status !== 404) return false;
  const { error } = await engine.POST('/networks/create', {
    body: {
      Name: 'docker_gwbridge',
      CheckDuplicate: true,
      Options: {
        'com.docker.network.bridge.name': device,
        'com.docker.network.bridge.enable_icc': 'false',
        'com.docker.network.bridge.enable_ip_masquerade': 'true',
      },
    },
  });
  if (error) throw error;
  return true;
}

/** Leaves the swarm (with force) if the daemon is in one, and removes our `docker_gwbridge`. */
export async function leaveSwarm(daemon: DockerEngineClient, ownGwBridge: boolean): Promise<void> {
  if ((await swarmState(daemon)) !== 'inactive') {
    await daemon.POST('/swarm/leave', { params: { query: { force: true } } });
  }
  // Leaving keeps docker_gwbridge; its last endpoints go away shortly after.
  for (let attempt = 0; ownGwBridge && attempt < 40; attempt++) {
    const { response } = await daemon.DELETE('/networks/{id}', { params: { path: { id: 'docker_gwbridge' } } });
    if (response.status === 204 || response.status === 404) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
