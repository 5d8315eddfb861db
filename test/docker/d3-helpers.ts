// Shared by the d3 Docker tests (volumes, networks, swarm): run-unique names and labels, so the
// tests never touch objects they did not create on the shared daemon.
import { createDockerEngineClient } from '../../src/index.js';

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
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

export interface Frame {
  stream: 'stdin' | 'stdout' | 'stderr';
  text: string;
}

/**
 * Splits a multiplexed stream (8-byte headers: stream type, three zero bytes, big-endian length)
 * into its frames; throws when the framing is broken.
 */
export function demultiplex(buffer: Buffer): Frame[] {
  const names = ['stdin', 'stdout', 'stderr'] as const;
  const frames: Frame[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    if (buffer.length - offset < 8) throw new Error(`truncated frame header at byte ${offset}`);
    const type = buffer[offset]!;
    if (type > 2 || buffer[offset + 1] !== 0 || buffer[offset + 2] !== 0 || buffer[offset + 3] !== 0) {
      throw new Error(`not a multiplexed frame header at byte ${offset}`);
    }
    const length = buffer.readUInt32BE(offset + 4);
    const end = offset + 8 + length;
    if (end > buffer.length) throw new Error(`frame at byte ${offset} runs past the end`);
    frames.push({ stream: names[type]!, text: buffer.subarray(offset + 8, end).toString('utf8') });
    offset = end;
  }
  return frames;
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
