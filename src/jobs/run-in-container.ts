// runInContainer: `docker exec` as a function call. Runs a command in a running container and
// resolves with its exit code and output, through Portainer (portainer.docker(id)) or straight
// from a daemon (createDockerEngineClient).
import { PortainerError, type DockerClient } from '../index.js';
import { execAndCollect, type ExecLimits } from './exec-collect.js';
import { invalidInput, stoppedError } from './job-error.js';
import { stageStdin, type StagedStdin } from './stdin-file.js';

/** Options of `runInContainer`: the command and how to run it. */
export interface RunInContainerOptions {
  /** The command and its arguments, run without a shell (give `['sh', '-c', '…']` for one). */
  cmd: string[];
  /** Extra environment variables: `{ NAME: 'value' }` or Docker's `['NAME=value']`. */
  env?: Record<string, string> | string[];
  /** Directory to run in (default: the container's). */
  workingDir?: string;
  /** User to run as: `name`, `uid`, `name:group` or `uid:gid` (default: the container's). */
  user?: string;
  /**
   * Standard input for the command. Delivered as a file (see the README): the container needs
   * `/bin/sh` and a writable `/tmp`.
   */
  stdin?: string | Uint8Array;
  /** Most output kept, stdout and stderr together (default 16 MiB); more ends the call with `output-limit`. */
  maxOutputBytes?: number;
  /** Time limit for the whole run in ms (default 10 minutes; 0 turns it off); then `timeout`. */
  timeoutMs?: number;
  /** Cancels the run (the call rejects with `aborted`; the process in the container is not killed). */
  signal?: AbortSignal;
}

/** What `runInContainer` resolves to: the exit code and the collected output. */
export interface RunInContainerResult {
  exitCode: number;
  /** The command's standard output, decoded as UTF-8. */
  stdout: string;
  stderr: string;
}

export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
export const DEFAULT_RUN_TIMEOUT_MS = 10 * 60_000;

function invalid(containerId: string, message: string): PortainerError {
  return invalidInput({ method: 'POST', path: `/containers/${containerId}/exec` }, `runInContainer: ${message}`);
}

function envList(env: RunInContainerOptions['env'], containerId: string): string[] | undefined {
  if (env === undefined) return undefined;
  if (Array.isArray(env)) return env.map(String);
  return Object.entries(env).map(([name, value]) => {
    if (!name || name.includes('=')) throw invalid(containerId, `env: ${JSON.stringify(name)} is not a variable name (empty, or contains "=")`);
    return `${name}=${value}`;
  });
}

function checked(containerId: string, options: RunInContainerOptions) {
  if (typeof containerId !== 'string' || !containerId) throw invalid('{id}', 'a container ID or name is required');
  if (!options || !Array.isArray(options.cmd) || options.cmd.length === 0 || options.cmd.some((a) => typeof a !== 'string')) {
    throw invalid(containerId, '`cmd` must be a non-empty list of strings, such as ["ls", "-l"]');
  }
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  if (!Number.isSafeInteger(maxOutputBytes) || maxOutputBytes < 0) throw invalid(containerId, '`maxOutputBytes` must be a whole number of bytes');
  const timeoutMs = options.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw invalid(containerId, '`timeoutMs` must be a number of milliseconds (0 turns the limit off)');
  if (options.stdin !== undefined && typeof options.stdin !== 'string' && !(options.stdin instanceof Uint8Array)) {
    throw invalid(containerId, '`stdin` must be a string or a Uint8Array');
  }
  return { maxOutputBytes, timeoutMs, env: envList(options.env, containerId) };
}

/**
 * Runs `cmd` in the running container `containerId` and resolves with `{ exitCode, stdout,
 * stderr }`; a non-zero exit code is a result, not an error. Rejects with a PortainerError: the
 * API's answer (404 no such container, 409 not running or paused), or `output-limit`, `timeout`,
 * `aborted`, `exit-code-unknown`, `invalid-request`.
 */
export async function runInContainer(docker: DockerClient, containerId: string, options: RunInContainerOptions): Promise<RunInContainerResult> {
  const { maxOutputBytes, timeoutMs, env } = checked(containerId, options);
  const signals = [options.signal, timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined].filter((s): s is AbortSignal => s !== undefined);
  const limits: ExecLimits = { maxOutputBytes, signal: AbortSignal.any(signals), timeoutMs: timeoutMs || undefined };
  const spec = { Cmd: options.cmd, Env: env, WorkingDir: options.workingDir, User: options.user };
  let staged: StagedStdin | undefined;
  try {
    if (options.stdin !== undefined) {
      const bytes = typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : options.stdin;
      staged = await stageStdin(docker, containerId, bytes, options.cmd, await effectiveUser(docker, containerId, options.user, limits), limits);
      spec.Cmd = staged.cmd;
    }
    const outcome = await execAndCollect(docker, containerId, spec, limits);
    // The shell deleted the file, unless it could not (not root) or did not start (126).
    if (staged?.deletedByShell && outcome.exitCode !== 126) staged = undefined;
    return outcome;
  } catch (error) {
    if (limits.signal.aborted && (!(error instanceof PortainerError) || error.code === 'aborted')) {
      const where = { method: (error as PortainerError)?.method ?? 'POST', path: (error as PortainerError)?.path ?? `/containers/${containerId}/exec` };
      // The caller's own signal, or the run's time limit.
      throw options.signal?.aborted ? stoppedError(options.signal, where) : stoppedError(limits.signal, where, limits.timeoutMs);
    }
    throw error;
  } finally {
    await staged?.cleanup().catch(() => undefined);
  }
}

/** The user the exec will run as: the one asked for, else the container's configured user. */
async function effectiveUser(docker: DockerClient, containerId: string, user: string | undefined, limits: ExecLimits): Promise<string> {
  if (user !== undefined) return user;
  const { data, error } = await docker.GET('/containers/{id}/json', { params: { path: { id: containerId } }, signal: limits.signal });
  if (error) throw error;
  return data.Config?.User ?? '';
}
