// Shared by the real-client tiers (dockerode, the Docker CLI): the front they talk to, and what
// the tiers assert about it at the end.
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { expect, inject } from 'vitest';
import { demultiplexDockerLines } from '../../src/index.js';
import { startFront, type Front } from './sdk-front.js';

/** A front on loopback before the validating proxy and the test daemon (./sdk-front.ts). */
export function frontForTier(): Promise<Front> {
  const doc = JSON.parse(fs.readFileSync(path.resolve('generated/docker.openapi.json'), 'utf8'));
  return startFront({ doc, prism: inject('dockerProxyUrl'), daemon: inject('dockerUrl') });
}

/** The whole of a Node stream (or the buffer a client read whole), with a bound on its size. */
export async function drain(stream: NodeJS.ReadableStream | Readable | Buffer, limit = 64 * 1024 * 1024): Promise<Buffer> {
  if (Buffer.isBuffer(stream)) return stream;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > limit) throw new Error(`stream over ${limit} bytes`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** Stdout and stderr of a finished multiplexed body, decoded by this package's demultiplexer. */
export async function demultiplex(bytes: Uint8Array): Promise<{ stdout: string[]; stderr: string[] }> {
  const out = { stdout: [] as string[], stderr: [] as string[] };
  for await (const { stream, line } of demultiplexDockerLines(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream())) {
    if (stream === 'stdout' || stream === 'stderr') out[stream].push(line);
  }
  return out;
}

/**
 * The tier's verdict: at least `minimum` distinct operations, every exchange within the
 * description, and no query parameter the client sent that the description leaves out.
 */
export function expectTierWithinDescription(front: Front, tier: string, minimum: number): void {
  const byRoute = (route: string) => new Set(front.exchanges.filter((e) => e.route === route && e.operation).map((e) => e.operation)).size;
  console.info(
    `${tier}: ${front.operations().size} distinct operations in ${front.exchanges.length} exchanges ` +
      `(${byRoute('prism')} through the validating proxy, ${byRoute('daemon')} checked by the front)`,
  );
  expect(front.violations()).toEqual([]);
  expect(front.exchanges.filter((e) => e.undescribed.length).map((e) => `${e.method} ${e.url}: ${e.undescribed.join(', ')}`)).toEqual([]);
  expect(front.operations().size).toBeGreaterThanOrEqual(minimum);
}
