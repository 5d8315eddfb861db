// Shared pieces of the d2 tests (images, system, plugins): clients, unique names, tar bodies (written
// by the client's createTar) and a checksum-verifying tar reader of our own, used as an independent
// check of what the daemon sends.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDockerEngineClient, createTar, type DockerEngineClient } from '../../src/index.js';

/** Through the validating Prism proxy: every request and response is checked against the spec. */
export function proxyClient(): DockerEngineClient {
  return createDockerEngineClient({ url: inject('dockerProxyUrl') });
}

/** Straight to the daemon, for what Prism cannot carry (streams, tar bodies, upgrades). */
export function directClient(): DockerEngineClient {
  return createDockerEngineClient({ url: inject('dockerUrl'), timeoutMs: 60_000 });
}

/** A short random suffix, so that names never clash with other runs or other test files. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export interface TarEntry {
  name: string;
  content?: string | Uint8Array;
  /** `0` file (default), `5` directory, `2` symlink. */
  type?: '0' | '2' | '5';
  mode?: number;
  linkname?: string;
}

/** A ustar archive of the entries, written by the client's own tar writer. */
export async function makeTar(entries: TarEntry[]): Promise<Uint8Array<ArrayBuffer>> {
  const kinds = { '0': 'file', '2': 'symlink', '5': 'directory' } as const;
  return (await createTar(
    entries.map((e) => ({ name: e.name, data: e.content, type: kinds[e.type ?? '0'], mode: e.mode, linkName: e.linkname, mtime: new Date(1_795_300_000_000) })),
  )) as Uint8Array<ArrayBuffer>;
}

export interface ReadEntry {
  name: string;
  type: string;
  size: number;
  mode: number;
  linkname: string;
  content: Uint8Array;
}

function field(block: Uint8Array, offset: number, length: number): string {
  const bytes = block.subarray(offset, offset + length);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end === -1 ? bytes : bytes.subarray(0, end));
}

/** Reads a ustar/GNU/PAX archive, checking every header's checksum; PAX long names are honoured. */
export function readTar(archive: Uint8Array): ReadEntry[] {
  const entries: ReadEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const stored = parseInt(field(header, 148, 8).trim(), 8);
    const computed = header.reduce((n, b, i) => n + (i >= 148 && i < 156 ? 32 : b), 0);
    if (stored !== computed) throw new Error(`bad tar header checksum at offset ${offset}`);
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = field(header, 156, 1) || '0';
    const prefix = field(header, 345, 155);
    let name = prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100);
    const content = archive.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      const path = /\d+ path=([^\n]*)\n/.exec(new TextDecoder().decode(content));
      longName = path?.[1];
      continue;
    }
    if (type === 'L') {
      longName = new TextDecoder().decode(content).replace(/\0+$/, '');
      continue;
    }
    if (longName) {
      name = longName;
      longName = undefined;
    }
    entries.push({ name, type, size, mode: parseInt(field(header, 100, 8).trim() || '0', 8), linkname: field(header, 157, 100), content });
  }
  return entries;
}

/** The whole body of a streamed response. */
export { readAll as bytesOf } from '../helpers/bytes.js';

export const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
