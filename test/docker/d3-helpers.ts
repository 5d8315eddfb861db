// Shared by the d3 Docker tests (volumes, networks, swarm): run-unique names and labels, so the
// tests never touch objects they did not create on the shared daemon.
import { createDockerEngineClient } from '../../src/index.js';
import { readAll as readBytes } from '../helpers/bytes.js';

/** A short token unique to this test process, for names and labels. */
export const RUN = `${process.pid.toString(36)}${Date.now().toString(36).slice(-5)}`;

/** The label every d3 object carries, and its filter form. */
export const RUN_LABEL = 'org.portainer-openapi.test.d3';
export const runLabels = (extra: Record<string, string> = {}) => ({ [RUN_LABEL]: RUN, ...extra });
export const runFilter = (extra: Record<string, string[]> = {}) => JSON.stringify({ label: [`${RUN_LABEL}=${RUN}`], ...extra });

/** A name unique to this run. */
export const uniqueName = (what: string) => `d3-${what}-${RUN}`;

export type Engine = ReturnType<typeof createDockerEngineClient>;

/** Reads a whole body stream into one buffer (for logs, which Prism cannot carry). */
export async function readAll(body: ReadableStream<Uint8Array> | null | undefined): Promise<Buffer> {
  return Buffer.from(await readBytes(body));
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
