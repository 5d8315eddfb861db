// openTerminal: an interactive terminal in a container, as Portainer's console opens one: a
// WebSocket on /api/websocket/exec (a process started with a TTY) or /api/websocket/attach (the
// container's main process), resized through the Docker proxy. Node only (undici's WebSocket).
import { WebSocket, type Dispatcher } from 'undici';
import type { DockerClient, PortainerClient } from '../index.js';
import { execExitCode } from './exec-exit-code.js';
import { invalidInput, jobError } from './job-error.js';
import { handshake } from './terminal-handshake.js';
import { TerminalStream, type SocketLike, type TerminalEnd } from './terminal-session.js';

export type { TerminalEnd } from './terminal-session.js';

interface TerminalCommon {
  /** The Docker environment the container runs on. */
  endpointId: number;
  /** On a Swarm environment managed by the Portainer agent: the node the container runs on. */
  nodeName?: string;
  /** Time limit for opening the session, in ms (default 30 s). */
  timeoutMs?: number;
  /** Most output held while nobody reads it (default 1 MiB); more ends the session with `output-limit`. */
  maxBufferedBytes?: number;
  /** Closes the session (or stops the opening). */
  signal?: AbortSignal;
}

/** Options of `openTerminal`: the environment, and a container to exec in or attach to (or an existing exec). */
export type OpenTerminalOptions = TerminalCommon &
  (
    | {
        /** A new process in this container (ID or name), with a TTY. */
        containerId: string;
        /** The command (default `['sh']`). */
        cmd?: string[];
        user?: string;
        workingDir?: string;
        /** Extra environment variables, as Docker's `NAME=value` strings. */
        env?: string[];
        attach?: false;
        execId?: never;
      }
    | {
        /** Attach to the container's main process instead (it needs a TTY and open stdin to be interactive). */
        containerId: string;
        attach: true;
        cmd?: never;
        execId?: never;
      }
    | {
        /** An exec instance created beforehand (with `Tty`, `AttachStdin`, `AttachStdout`) and not started. */
        execId: string;
        containerId?: never;
        attach?: never;
        cmd?: never;
      }
  );

/** An interactive terminal: write keys, read output (async iteration), resize, close. */
export interface TerminalSession extends AsyncIterable<string> {
  /** The exec instance of the session; undefined when attached. */
  readonly execId: string | undefined;
  /** The container's full ID. */
  readonly containerId: string;
  /** Sends keystrokes or text to the process (split into messages Portainer accepts). */
  write(data: string | Uint8Array): Promise<void>;
  /** Sets the terminal's size (POST …/exec/{id}/resize, or …/containers/{id}/resize when attached). */
  resize(cols: number, rows: number): Promise<void>;
  /** Ends the session; resolves with how it ended. */
  close(): Promise<TerminalEnd>;
  /** Settles when the session ends, however it ends. */
  readonly closed: Promise<TerminalEnd>;
}

export const DEFAULT_TERMINAL_BUFFER_BYTES = 1024 * 1024;
const OPEN_TIMEOUT_MS = 30_000;
const EXIT_CODE_WAIT_MS = 5_000;
const START_WAIT_MS = 5_000;

interface Target {
  route: '/websocket/exec' | '/websocket/attach';
  /** The hexadecimal ID Portainer's route takes. */
  id: string;
  execId: string | undefined;
  containerId: string;
}

function invalid(message: string): never {
  throw invalidInput({ method: 'GET', path: '/websocket/exec' }, `openTerminal: ${message}`);
}

/** Checks the target through the Docker proxy (so a refusal comes back as a PortainerError with its status), creating the exec if asked. */
async function resolveTarget(docker: DockerClient, options: OpenTerminalOptions, headers: Record<string, string>, signal: AbortSignal): Promise<Target> {
  if (options.execId !== undefined) {
    if (typeof options.execId !== 'string' || !/^[0-9a-f]+$/i.test(options.execId)) invalid('`execId` must be an exec instance ID (hexadecimal)');
    const { data, error } = await docker.GET('/exec/{id}/json', { params: { path: { id: options.execId } }, headers, signal });
    if (error) throw error;
    if (data.Running || data.ExitCode !== null) invalid(`exec ${options.execId} has already been started; an exec instance runs only once`);
    return { route: '/websocket/exec', id: options.execId, execId: options.execId, containerId: data.ContainerID ?? '' };
  }
  if (typeof options.containerId !== 'string' || !options.containerId) invalid('give `execId`, or `containerId` (with `cmd`, or `attach: true`)');
  if (options.attach) {
    const { data, error } = await docker.GET('/containers/{id}/json', { params: { path: { id: options.containerId } }, headers, signal });
    if (error) throw error;
    if (!data.State?.Running) invalid(`container ${options.containerId} is not running`);
    return { route: '/websocket/attach', id: data.Id!, execId: undefined, containerId: data.Id! };
  }
  const cmd = options.cmd ?? ['sh'];
  if (!Array.isArray(cmd) || cmd.length === 0 || cmd.some((a) => typeof a !== 'string')) invalid('`cmd` must be a non-empty list of strings, such as ["sh"]');
  const { data, error } = await docker.POST('/containers/{id}/exec', {
    params: { path: { id: options.containerId } },
    body: { Cmd: cmd, User: options.user, WorkingDir: options.workingDir, Env: options.env, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true },
    headers,
    signal,
  });
  if (error) throw error;
  return { route: '/websocket/exec', id: data.Id, execId: data.Id, containerId: options.containerId };
}

/** Resolves once the socket is open; rejects if it closes first, the time limit passes, or the signal fires. */
function opened(socket: WebSocket, timeoutMs: number, signal: AbortSignal, path: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    const stop = (code: 'timeout' | 'aborted' | 'websocket', message: string, details?: string) => {
      if (settled) return;
      settle();
      reject(jobError({ method: 'GET', path, code, message, details }));
      socket.close(); // may fire 'close' at once: settled first
    };
    const timer = setTimeout(() => stop('timeout', `The WebSocket did not open within ${timeoutMs} ms`), timeoutMs);
    const onAbort = () => stop('aborted', 'Opening the terminal was cancelled');
    signal.addEventListener('abort', onAbort, { once: true });
    socket.addEventListener('open', () => {
      if (settled) return;
      settle();
      resolve();
    });
    // The handshake's status is not exposed by WebSocket; the checks before it ruled out the usual causes.
    socket.addEventListener('close', (event) =>
      stop('websocket', 'Portainer refused the WebSocket upgrade, or the connection failed', `close code ${event.code}${event.reason ? `: ${event.reason}` : ''}`),
    );
  });
}

/**
 * Opens an interactive terminal: output as an async iterable of text, `write`, `resize`, `close`.
 * Rejects with the PortainerError of a refused check (404 no such container or exec, 409 not
 * running), or `invalid-request` (bad options, an exec already started, a stopped container),
 * `websocket`, `timeout`, `aborted`.
 */
export async function openTerminal(portainer: PortainerClient, options: OpenTerminalOptions): Promise<TerminalSession> {
  if (!options || typeof options !== 'object') invalid('options are required');
  const { endpointId, nodeName } = options;
  const timeoutMs = options.timeoutMs ?? OPEN_TIMEOUT_MS;
  const maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_TERMINAL_BUFFER_BYTES;
  if (!Number.isSafeInteger(maxBufferedBytes) || maxBufferedBytes < 1) invalid('`maxBufferedBytes` must be a positive whole number');
  const signal = options.signal ?? new AbortController().signal;
  const docker = portainer.docker(endpointId);
  // The agent routes Docker calls to a node by this header, as Portainer's own UI sends it.
  const headers: Record<string, string> = nodeName ? { 'X-PortainerAgent-Target': nodeName } : {};
  const target = await resolveTarget(docker, options, headers, AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]));
  // The client's own address, credential (a login first, when needed) and connection pool (its TLS settings).
  const { url, headers: credential, dispatcher } = await handshake(portainer, target.route, { id: target.id, endpointId, nodeName });
  const path = new URL(url).pathname;
  // Redirects are not followed: a WebSocket handshake answered with anything but 101 fails.
  const socket = new WebSocket(url, { headers: Object.fromEntries(credential), ...(dispatcher ? { dispatcher: dispatcher as Dispatcher } : {}) });
  let open = false;
  const stream = new TerminalStream(socket as unknown as SocketLike, {
    maxBufferedBytes,
    path,
    exitCode: (closedByUs) => (open ? exitCodeOf(docker, target, headers, closedByUs ? 0 : EXIT_CODE_WAIT_MS) : Promise.resolve(null)),
  });
  await opened(socket, timeoutMs, signal, path);
  open = true;
  // Portainer starts the exec after the upgrade; until it runs, a resize is refused.
  if (target.execId) await untilStarted(docker, target.execId, headers, AbortSignal.any([signal, AbortSignal.timeout(START_WAIT_MS)])).catch(() => undefined);
  const onAbort = () => void stream.close();
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  void stream.closed.finally(() => signal.removeEventListener('abort', onAbort));

  const resize = async (cols: number, rows: number) => {
    for (const [name, value] of [['cols', cols], ['rows', rows]] as const) {
      if (!Number.isInteger(value) || value < 1 || value > 65535) invalid(`resize: \`${name}\` must be a whole number from 1 to 65535 (got ${value})`);
    }
    const init = { params: { path: { id: target.execId ?? target.containerId }, query: { h: rows, w: cols } }, headers };
    const { error } = target.execId ? await docker.POST('/exec/{id}/resize', init) : await docker.POST('/containers/{id}/resize', init);
    if (error) throw error;
  };

  return {
    execId: target.execId,
    containerId: target.containerId,
    write: (data) => stream.write(data),
    resize,
    close: () => stream.close(),
    closed: stream.closed,
    [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
  };
}

/** Waits (until `signal`) for the exec to have started: running, or already ended. */
async function untilStarted(docker: DockerClient, execId: string, headers: Record<string, string>, signal: AbortSignal): Promise<void> {
  for (let delay = 5; !signal.aborted; delay = Math.min(delay * 2, 100)) {
    const { data } = await docker.GET('/exec/{id}/json', { params: { path: { id: execId } }, headers, signal });
    if (!data || data.Running || data.ExitCode !== null) return;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/**
 * After the session: the exec's exit code (waiting up to `waitMs` for the daemon to record it; a
 * process whose terminal we closed may go on running), or the attached container's if it stopped.
 */
async function exitCodeOf(docker: DockerClient, target: Target, headers: Record<string, string>, waitMs: number): Promise<number | null> {
  const signal = AbortSignal.timeout(EXIT_CODE_WAIT_MS * 2);
  if (target.execId) return (await execExitCode(docker, target.execId, { waitMs, signal, headers })).exitCode;
  const { data } = await docker.GET('/containers/{id}/json', { params: { path: { id: target.containerId } }, headers, signal });
  return data && !data.State?.Running && typeof data.State?.ExitCode === 'number' ? data.State.ExitCode : null;
}
