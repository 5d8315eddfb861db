// Runs a piece of work in a worker thread with a hard time bound. Code that is quadratic on hostile
// input blocks the thread it runs on for minutes, and no timer of the test (vitest's timeout
// included) can fire meanwhile: run there, the work is simply terminated at the bound, and the
// test fails instead of hanging.
import { Worker } from 'node:worker_threads';

const SCRIPT = `
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';
register();
const work = await import(workerData.url);
parentPort.postMessage(await work[workerData.name](...workerData.args));
`;

/** The result of `module[name](...args)`, run in a worker; rejects if it takes longer than `ms`. */
export function inWorker<T>(module: URL, name: string, args: unknown[] = [], ms = 8000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(SCRIPT, { eval: true, workerData: { url: module.href, name, args } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`${name} did not finish within ${ms} ms (super-linear work on hostile input?)`));
    }, ms);
    worker.once('message', (value: T) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(value);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** What crosses back from a worker for an error: the fields a test checks. */
export function plainError(error: unknown): { code?: string; status?: number; message: string; name?: string } | undefined {
  if (error === undefined) return undefined;
  const e = error as { code?: string; status?: number; message?: string; name?: string };
  return { code: e.code, status: e.status, message: String(e.message ?? error), name: e.name };
}
