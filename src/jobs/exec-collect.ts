// One exec instance run to its end: create it, start it attached without a TTY (a plain POST whose
// answer streams the output as multiplexed frames), keep stdout and stderr apart up to a limit, and
// ask the daemon for the exit code.
import { demultiplexDockerStream, type DockerClient, type DockerComponents } from '../index.js';
import { execExitCode } from './exec-exit-code.js';
import { jobError, stoppedError } from './job-error.js';

export type ExecSpec = Pick<DockerComponents['schemas']['ExecConfig'], 'Cmd' | 'Env' | 'WorkingDir' | 'User'>;

export interface ExecLimits {
  /** Most output bytes kept, stdout and stderr together. */
  maxOutputBytes: number;
  /** Ends every wait (the job's own time limit folded into the caller's signal). */
  signal: AbortSignal;
  /** The time limit in `signal`, for its error message. */
  timeoutMs?: number;
}

export interface ExecOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** How long to wait for the daemon to record an exit code once the output has ended. */
const EXIT_CODE_WAIT_MS = 5_000;

export async function execAndCollect(docker: DockerClient, containerId: string, spec: ExecSpec, limits: ExecLimits): Promise<ExecOutcome> {
  const { signal } = limits;
  const created = await docker.POST('/containers/{id}/exec', {
    params: { path: { id: containerId } },
    body: { ...spec, AttachStdin: false, AttachStdout: true, AttachStderr: true, Tty: false },
    signal,
  });
  if (created.error) throw created.error;
  const execId = created.data.Id;

  // Not upgraded: the daemon answers 200 and streams until the process closes its output. (Stdin
  // would need the two-way socket of an upgraded connection, which fetch cannot open.)
  const started = await docker.POST('/exec/{id}/start', {
    params: { path: { id: execId } },
    body: { Detach: false, Tty: false },
    parseAs: 'stream',
    signal,
  });
  if (started.error) throw started.error;
  const where = { method: 'POST', path: new URL(started.response.url || 'http://x/exec/start').pathname };
  const output = await collect(started.data as ReadableStream<Uint8Array>, limits, where);
  const exitCode = await waitForExitCode(docker, execId, signal);
  return { exitCode, ...output };
}

async function collect(body: ReadableStream<Uint8Array>, limits: ExecLimits, where: { method: string; path: string }) {
  const parts: Record<'stdout' | 'stderr', Uint8Array[]> = { stdout: [], stderr: [] };
  let total = 0;
  try {
    for await (const { stream, data } of demultiplexDockerStream(body)) {
      if (stream === 'stdin') continue;
      total += data.byteLength;
      if (total > limits.maxOutputBytes) {
        // Leaving the loop cancels the body, which closes the connection to the daemon.
        throw jobError({
          ...where,
          code: 'output-limit',
          message: `The command wrote more than maxOutputBytes (${limits.maxOutputBytes} bytes) of output`,
          details: 'raise maxOutputBytes, or send the output to a file in the container; the command may still be running',
        });
      }
      parts[stream].push(data); // the decoder never reuses a chunk's buffer: kept as it is
    }
  } catch (error) {
    if (limits.signal.aborted) throw stoppedError(limits.signal, where, limits.timeoutMs);
    throw error;
  }
  return { stdout: decode(parts.stdout), stderr: decode(parts.stderr) };
}

function decode(chunks: Uint8Array[]): string {
  const decoder = new TextDecoder();
  let text = '';
  for (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

async function waitForExitCode(docker: DockerClient, execId: string, signal: AbortSignal): Promise<number> {
  const { exitCode, running, path } = await execExitCode(docker, execId, { waitMs: EXIT_CODE_WAIT_MS, signal });
  if (exitCode !== null) return exitCode;
  throw jobError({
    method: 'GET',
    path,
    code: 'exit-code-unknown',
    message: `The output of exec ${execId} ended, but the daemon reported no exit code within ${EXIT_CODE_WAIT_MS} ms`,
    details: running ? 'the process is still running (it closed its output early)' : undefined,
  });
}
