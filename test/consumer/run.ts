// Runs a command for the consumer tier with a time bound: on time-out its whole process group (npm
// and the scripts it starts) is killed, and the error names the command and shows its output.
import { spawn } from 'node:child_process';

export const MINUTE = 60_000;

export interface RunResult {
  code: number | null;
  output: string;
}

/** The environment minus what an outer `npm test` sets (npm_config_*, npm_package_*, …), which a nested npm would read as its own settings. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, NO_UPDATE_NOTIFIER: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

/** Runs `command args` in `cwd`; resolves with its exit code and output (stdout and stderr together). */
export function run(command: string, args: string[], { cwd, timeoutMs, env }: { cwd: string; timeoutMs: number; env?: Record<string, string> }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const timer = setTimeout(() => {
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s:\n${output.slice(-3000)}`));
    }, timeoutMs);
    child.once('error', (error) => { clearTimeout(timer); reject(error); });
    child.once('close', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}

/** Like run, but a non-zero exit is an error that shows the output. */
export async function mustRun(command: string, args: string[], options: { cwd: string; timeoutMs: number; env?: Record<string, string> }): Promise<string> {
  const { code, output } = await run(command, args, options);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${options.cwd}) exited with ${code}:\n${output.slice(-4000)}`);
  return output;
}
