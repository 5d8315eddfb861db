import { spawn } from 'node:child_process';
import { ENDPOINT_BODY } from './stub.js';

export async function startBenchServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['bench/lib/server.mjs'], { env: { ...process.env, BENCH_BODY: ENDPOINT_BODY }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}
