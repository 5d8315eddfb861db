// An exec's exit code. Its output ends when the process closes it, which can be a moment before
// the daemon records the exit, so the inspect is repeated, briefly, until it has.
import type { DockerClient } from '../index.js';

export interface ExitCodeWait {
  /** Longest wait for the daemon to record the exit. */
  waitMs: number;
  signal?: AbortSignal;
  /** Extra headers for the inspect (the agent's node, say). */
  headers?: Record<string, string>;
}

/** The exit code, or `null` with the last inspect's `Running` if none was recorded within `waitMs`. */
export async function execExitCode(
  docker: DockerClient,
  execId: string,
  { waitMs, signal, headers }: ExitCodeWait,
): Promise<{ exitCode: number | null; running: boolean; path: string }> {
  const deadline = Date.now() + waitMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
    const { data, error, response } = await docker.GET('/exec/{id}/json', { params: { path: { id: execId } }, headers, signal });
    if (error) throw error;
    const running = data.Running === true;
    if (!running && typeof data.ExitCode === 'number') return { exitCode: data.ExitCode, running, path: new URL(response.url).pathname };
    if (Date.now() + delay > deadline) return { exitCode: null, running, path: new URL(response.url || 'http://x/exec/json').pathname };
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
