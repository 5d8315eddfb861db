// Shared pieces of the d2 tests (images, system, plugins): clients, unique names, and a small tar
// writer and reader for build contexts, import bodies and `docker save` archives.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDockerEngineClient, type DockerEngineClient } from '../../src/index.js';

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

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** A ustar archive of the entries (names up to 100 bytes), as `tar -c` would write it. */
export function makeTar(entries: TarEntry[]): Uint8Array<ArrayBuffer> {
  const blocks: Uint8Array[] = [];
  for (const entry of entries) {
    const type = entry.type ?? '0';
    const data = type === '0' ? (typeof entry.content === 'string' ? new TextEncoder().encode(entry.content) : (entry.content ?? new Uint8Array())) : new Uint8Array();
    const header = new Uint8Array(512);
    const put = (text: string, offset: number) => header.set(new TextEncoder().encode(text), offset);
    if (Buffer.byteLength(entry.name) > 100) throw new Error(`tar name too long: ${entry.name}`);
    put(entry.name, 0);
    put(octal(entry.mode ?? (type === '5' ? 0o755 : 0o644), 8), 100);
    put(octal(0, 8), 108);
    put(octal(0, 8), 116);
    put(octal(data.length, 12), 124);
    put(octal(1_795_300_000, 12), 136);
    put('        ', 148); // checksum placeholder
    put(type, 156);
    if (entry.linkname) put(entry.linkname, 157);
    put('ustar\u000000', 257);
    const sum = header.reduce((n, b) => n + b, 0);
    put(octal(sum, 7) + ' ', 148);
    blocks.push(header, data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) blocks.push(new Uint8Array(pad));
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
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
export async function bytesOf(stream: ReadableStream<Uint8Array> | null | undefined): Promise<Uint8Array<ArrayBuffer>> {
  if (!stream) return new Uint8Array();
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
