// Running the npm scripts as a user does, on a fresh copy of the working tree (copyTree: the
// tracked and new files, no dist/, node_modules linked in). Each run is its own process group, as a
// terminal starts it, so that a test can signal npm alone or the whole group, and clean up after.
import { spawn, type ChildProcess } from 'node:child_process';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { copyTree } from '../../scripts/lib/tree-copy.js';

export { copyTree };

export interface NpmRun {
  proc: ChildProcess;
  output(): string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm <args>` in `cwd`, in its own process group, its output collected. */
export function npm(cwd: string, args: string[]): NpmRun {
  const proc = spawn('npm', args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
  let text = '';
  proc.stdout!.on('data', (c) => { text += c; });
  proc.stderr!.on('data', (c) => { text += c; });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  return { proc, output: () => text, done };
}

/** Waits until the run's output has `text` (or matches it); fails if the run ends first or after `ms`. */
export async function outputOf(run: NpmRun, text: string | RegExp, ms: number, from = 0): Promise<string> {
  const deadline = Date.now() + ms;
  const seen = () => {
    const out = run.output().slice(from);
    return typeof text === 'string' ? out.includes(text) : text.test(out);
  };
  while (!seen()) {
    if (run.proc.exitCode !== null || Date.now() > deadline) {
      throw new Error(`npm ${run.proc.spawnargs.slice(1).join(' ')}: no ${String(text)} within ${ms} ms:\n${run.output().slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return run.output();
}

/**
 * Stops what is left of a run: SIGTERM to its group (the script then stops its servers, Prism
 * included), and SIGKILL to the group if it is still there after 15 s.
 */
export async function cleanUp(run: NpmRun | undefined) {
  const pid = run?.proc.pid;
  if (!pid) return;
  const alive = () => { try { process.kill(-pid, 0); return true; } catch { return false; } };
  if (!alive()) return;
  try { process.kill(-pid, 'SIGTERM'); } catch { /* gone */ }
  const deadline = Date.now() + 15_000;
  while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  if (alive()) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
}
