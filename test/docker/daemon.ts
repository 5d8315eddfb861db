// A private Docker Engine for the tests: Debian's dockerd with its own data root, exec root and
// loopback listener, so the tests never touch a daemon they did not start. Set
// PORTAINER_OPENAPI_DOCKER_URL (http://host:port) to use a daemon you name instead.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { freePort } from '../../scripts/lib/ports.js';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { stopProcess } from '../../scripts/lib/processes.js';

export interface Daemon {
  url: string;
  /** True when the tests started it (and must stop it). */
  owned: boolean;
  dir?: string;
  stop(): Promise<void>;
}

function which(command: string): string | undefined {
  try {
    return execFileSync('which', [command], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function waitForPing(url: string, child: ChildProcess | undefined, logFile: string | undefined, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/_ping`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String((error as Error).message);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const log = logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
  throw new Error(`dockerd did not answer /_ping at ${url} (${last}).\n${log}`);
}

function unmountUnder(dir: string): void {
  const mounts = fs.readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1] ?? '').filter((m) => m.startsWith(dir));
  for (const mount of mounts.sort((a, b) => b.length - a.length)) {
    try {
      execFileSync('umount', ['-l', mount]);
    } catch {
      // already gone
    }
  }
}

export async function startDaemon(): Promise<Daemon> {
  const named = process.env.PORTAINER_OPENAPI_DOCKER_URL;
  if (named) {
    await waitForPing(named.replace(/\/+$/, ''), undefined, undefined, 10_000);
    return { url: named.replace(/\/+$/, ''), owned: false, stop: async () => {} };
  }
  const dockerd = which('dockerd');
  if (!dockerd) throw new Error('dockerd is not installed: run `sudo scripts/setup-system.sh` (Debian package docker.io)');
  if (process.getuid?.() !== 0) throw new Error('the Docker tier starts its own dockerd, which needs root; or set PORTAINER_OPENAPI_DOCKER_URL');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portainer-openapi-dockerd-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(dir, 'dockerd.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    dockerd,
    [
      '--storage-driver=vfs',
      '--iptables=false',
      '--ip-masq=false',
      '--bridge=none',
      `--data-root=${path.join(dir, 'data')}`,
      `--exec-root=${path.join(dir, 'exec')}`,
      `--pidfile=${path.join(dir, 'dockerd.pid')}`,
      `--host=unix://${path.join(dir, 'docker.sock')}`,
      `--host=tcp://127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', log, log], detached: false },
  );
  fs.closeSync(log);
  await waitForPing(url, child, logFile);

  return {
    url,
    owned: true,
    dir,
    async stop() {
      await stopProcess(child, 30_000);
      unmountUnder(dir);
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
