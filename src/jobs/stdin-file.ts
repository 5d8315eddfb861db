// Standard input for a command run through a plain HTTP exec. Docker reads an exec's stdin only from
// the two-way socket of an upgraded (hijacked) start, which fetch cannot open and Portainer's
// proxy is not documented to carry; so the bytes travel as a file instead: uploaded into the
// container (PUT /containers/{id}/archive), opened by a shell as the command's stdin, and deleted.
import { createTar, putContainerArchive, type DockerClient } from '../index.js';
import { invalidInput } from './job-error.js';
import { execAndCollect, type ExecLimits, type ExecSpec } from './exec-collect.js';

export const STDIN_DIR = '/tmp';
const CLEANUP_TIMEOUT_MS = 15_000;

/**
 * The shell that runs the command: opens the file as its stdin, deletes it (its owner may; when it
 * may not, the cleanup exec does), then becomes the command. `$0` is the file, `$@` the command.
 */
const REDIRECT = 'exec <"$0" || exit 126; rm -f -- "$0" 2>/dev/null; exec "$@"';

export interface StagedStdin {
  /** The command to run instead of the caller's: a shell that feeds it the file. */
  cmd: string[];
  /** The shell deletes the file itself once it has opened it (it runs as root). */
  deletedByShell: boolean;
  /** Removes the file if it is still there (as root), within a time limit of its own. */
  cleanup(): Promise<void>;
}

/** True for the users that may read a root-owned file of mode 0600. */
function isRoot(user: string): boolean {
  const name = user.split(':')[0];
  return name === '' || name === 'root' || name === '0';
}

/**
 * Puts `bytes` in a file of its own (random name, mode 0600) that only `user` may read, and returns
 * the command that runs `cmd` with it as stdin. Needs `/bin/sh` and a writable /tmp in the container.
 */
export async function stageStdin(
  docker: DockerClient,
  containerId: string,
  bytes: Uint8Array,
  cmd: string[],
  user: string,
  limits: ExecLimits,
): Promise<StagedStdin> {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  const name = `.portainer-openapi-stdin-${random}`;
  const file = `${STDIN_DIR}/${name}`;
  await putContainerArchive(docker, containerId, STDIN_DIR, await createTar([{ name, data: bytes, mode: 0o600 }]), { signal: limits.signal });
  const asRoot = (args: string[]): ExecSpec => ({ Cmd: args, User: '0' });
  // Its own limit: the run's signal may be what ended the run.
  const cleanup = async () => {
    const own = { maxOutputBytes: 64 * 1024, signal: AbortSignal.timeout(CLEANUP_TIMEOUT_MS) };
    await execAndCollect(docker, containerId, asRoot(['rm', '-f', '--', file]), own);
  };
  if (!isRoot(user)) {
    // chown resolves the name (and group) in the container's own /etc/passwd, as the exec will.
    const chown = await execAndCollect(docker, containerId, asRoot(['chown', '--', user, file]), limits).catch(async (error: unknown) => {
      await cleanup().catch(() => undefined);
      throw error;
    });
    if (chown.exitCode !== 0) {
      await cleanup().catch(() => undefined);
      const why = chown.stderr.trim().slice(0, 200) || `chown exited with ${chown.exitCode}`;
      throw invalidInput({ method: 'POST', path: `/containers/${containerId}/exec` }, `runInContainer: the stdin file could not be given to user ${JSON.stringify(user)}: ${why}`);
    }
  }
  return { cmd: ['sh', '-c', REDIRECT, file, ...cmd], deletedByShell: isRoot(user), cleanup };
}
