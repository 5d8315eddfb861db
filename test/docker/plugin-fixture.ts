// A managed plugin made offline from the busybox root file system, for the tests that create,
// enable and push plugins (d2-plugins, the dockerode tier). Enabling needs something listening on
// the plugin's socket: the plugin links its socket path to `$TARGET`, a Unix socket on the host
// that `pluginSocket()` listens on (the daemon dials the link on the host). Its capability,
// `docker.d2test/1.0`, is one no part of the daemon uses, so nothing else ever calls it.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { makeTar, readTar, type TarEntry } from './d2-helpers.js';
import { busyboxRootfsTar } from './image.js';

export const pluginConfig = {
  Description: 'd2 test plugin',
  Documentation: 'https://example.org/d2-test-plugin',
  Interface: { Types: ['docker.d2test/1.0'], Socket: 'd2.sock' },
  Entrypoint: ['/bin/sh', '-c', 'trap "exit 0" TERM; ln -sf "$TARGET" /run/docker/plugins/d2.sock; sleep 3600 & wait'],
  WorkDir: '/',
  Network: { Type: 'host' },
  Linux: { Capabilities: [], AllowAllDevices: false, Devices: null },
  Mounts: null,
  PropagatedMount: '',
  Env: [{ Name: 'TARGET', Description: 'host socket the plugin socket points to', Settable: ['value'], Value: '/nonexistent' }],
  Args: { Name: 'args', Description: 'extra arguments', Settable: ['value'], Value: [] },
};

/** What the plugin asks for, as `GET /plugins/privileges` lists it and pulls must grant it. */
export const pluginPrivileges = [{ Name: 'network', Description: 'permissions to access a network', Value: ['host'] }];

let rootfs: ReturnType<typeof readTar> | undefined;

/** `config.json` and `rootfs/`, as `docker plugin create` sends them; `marker` makes the root file system unique. */
export function pluginTar(marker: string): Promise<Uint8Array<ArrayBuffer>> {
  rootfs ??= readTar(busyboxRootfsTar());
  const entries: TarEntry[] = [{ name: 'config.json', content: JSON.stringify(pluginConfig) }, { name: 'rootfs/', type: '5' }];
  for (const entry of rootfs) {
    const relative = entry.name.replace(/^\.\//, '');
    if (relative === '' || relative === '.') continue;
    entries.push({ name: `rootfs/${relative}`, type: entry.type as TarEntry['type'], mode: entry.mode, linkname: entry.linkname, content: entry.content });
  }
  entries.push({ name: 'rootfs/run/', type: '5' }, { name: 'rootfs/run/docker/', type: '5' }, { name: 'rootfs/run/docker/plugins/', type: '5' });
  entries.push({ name: 'rootfs/d2-marker', content: marker });
  return makeTar(entries);
}

export interface PluginSocket {
  /** The Unix socket to give the plugin as `TARGET`. */
  path: string;
  /** Connections accepted so far (the daemon dials the plugin when enabling it). */
  connections(): number;
  close(): Promise<void>;
}

/** A Unix socket in a temporary directory that accepts (and closes) every connection. */
export async function pluginSocket(): Promise<PluginSocket> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'd2-plug-'));
  let count = 0;
  const listener = net.createServer((socket) => {
    count++;
    socket.end();
  });
  const socketPath = path.join(dir, 'l.sock');
  await new Promise<void>((resolve) => listener.listen(socketPath, resolve));
  return {
    path: socketPath,
    connections: () => count,
    async close() {
      await new Promise((resolve) => listener.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
