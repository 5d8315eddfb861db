// Container file transfer: upload a tar archive into a container (PUT /containers/{id}/archive),
// download a path (GET /containers/{id}/archive) or the whole file system (GET
// /containers/{id}/export) as a stream, decode the X-Docker-Container-Path-Stat header, and a
// small streaming tar reader and writer (ustar, with GNU and PAX long names) to go with them.
import type { DockerClient } from '../docker.js';
import type { BinaryBody } from '../body.js';
import { PortainerError } from '../errors.js';

/** What X-Docker-Container-Path-Stat describes: one file system entry of a container. */
export interface ContainerPathStat {
  name: string;
  size: number;
  /** Go os.FileMode bits: permissions in the low 9 bits, plus the type bits below. */
  mode: number;
  mtime: string;
  linkTarget: string;
}

/** Go os.FileMode type bits, as they appear in `ContainerPathStat.mode`. */
export const FILE_MODE = { dir: 0x80000000, symlink: 0x08000000 } as const;

export function isDirectory(stat: ContainerPathStat): boolean {
  return (stat.mode & FILE_MODE.dir) !== 0 || stat.mode >= FILE_MODE.dir;
}

/** Decodes the X-Docker-Container-Path-Stat header (base64 of JSON); undefined when absent. */
export function decodePathStat(header: string | null | undefined): ContainerPathStat | undefined {
  if (!header) return undefined;
  const parsed = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as ContainerPathStat;
  if (typeof parsed?.name !== 'string' || typeof parsed.mode !== 'number') {
    throw new TypeError('portainer-openapi: X-Docker-Container-Path-Stat is not a path stat');
  }
  return parsed;
}

/** Reads the path stat from a response's headers. */
export function readArchivePathStat(response: Response): ContainerPathStat | undefined {
  return decodePathStat(response.headers.get('x-docker-container-path-stat'));
}

function fail(error: PortainerError | undefined, what: string): never {
  throw error ?? new Error(`portainer-openapi: ${what} returned no body`);
}

/** Describes a path in a container (HEAD /containers/{id}/archive); throws PortainerError on 4xx/5xx. */
export async function statContainerPath(client: DockerClient, id: string, path: string): Promise<ContainerPathStat> {
  const { error, response } = await client.HEAD('/containers/{id}/archive', { params: { path: { id }, query: { path } } });
  if (error) throw error;
  const stat = readArchivePathStat(response);
  if (!stat) throw new Error('portainer-openapi: the daemon sent no X-Docker-Container-Path-Stat header');
  return stat;
}

export interface ContainerDownload {
  /** The tar archive, streamed: read it once (or cancel it) to release the connection. */
  stream: ReadableStream<Uint8Array>;
  stat: ContainerPathStat | undefined;
  response: Response;
}

/** Downloads a file or directory of a container as a tar stream (GET /containers/{id}/archive). */
export async function getContainerArchive(client: DockerClient, id: string, path: string, init: { signal?: AbortSignal } = {}): Promise<ContainerDownload> {
  const { data, error, response } = await client.GET('/containers/{id}/archive', {
    params: { path: { id }, query: { path } },
    parseAs: 'stream',
    signal: init.signal,
  });
  if (error) throw error;
  const stream = (data as ReadableStream<Uint8Array> | null) ?? fail(undefined, 'GET /containers/{id}/archive');
  return { stream, stat: readArchivePathStat(response), response };
}

/** Streams a container's whole file system as a tar archive (GET /containers/{id}/export). */
export async function exportContainer(client: DockerClient, id: string, init: { signal?: AbortSignal } = {}): Promise<ReadableStream<Uint8Array>> {
  const { data, error } = await client.GET('/containers/{id}/export', { params: { path: { id } }, parseAs: 'stream', signal: init.signal });
  if (error) throw error;
  return (data as ReadableStream<Uint8Array> | null) ?? fail(undefined, 'GET /containers/{id}/export');
}

export interface PutArchiveOptions {
  noOverwriteDirNonDir?: boolean;
  copyUIDGID?: boolean;
  signal?: AbortSignal;
}

/**
 * Extracts a tar archive (bytes, a Blob, or a stream, sent without buffering) into the directory
 * `path` of a container (PUT /containers/{id}/archive).
 */
export async function putContainerArchive(client: DockerClient, id: string, path: string, tar: BinaryBody, options: PutArchiveOptions = {}): Promise<void> {
  const query: { path: string; noOverwriteDirNonDir?: boolean; copyUIDGID?: boolean } = { path };
  if (options.noOverwriteDirNonDir !== undefined) query.noOverwriteDirNonDir = options.noOverwriteDirNonDir;
  if (options.copyUIDGID !== undefined) query.copyUIDGID = options.copyUIDGID;
  const { error, response } = await client.PUT('/containers/{id}/archive', {
    params: { path: { id }, query },
    body: tar as never,
    parseAs: 'text',
    signal: options.signal,
  });
  if (error) throw error;
  void response;
}

// --- tar -------------------------------------------------------------------------------------

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  name: string;
  type: TarEntryType;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: Date;
  linkName: string;
}

export interface TarEntryWithData extends TarEntry {
  /** The content, for files up to `maxDataBytes`; undefined otherwise. */
  data?: Uint8Array;
}

const BLOCK = 512;
const decoder = new TextDecoder();

function text(block: Uint8Array, start: number, length: number): string {
  const bytes = block.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function octal(block: Uint8Array, start: number, length: number): number {
  const field = block.subarray(start, start + length);
  if (field[0]! & 0x80) {
    // GNU base-256 for large numbers
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!;
    return value;
  }
  const digits = text(block, start, length).trim();
  return digits ? parseInt(digits, 8) : 0;
}

function typeOf(flag: string): TarEntryType {
  if (flag === '0' || flag === '' || flag === '7') return 'file';
  if (flag === '5') return 'directory';
  if (flag === '2') return 'symlink';
  if (flag === '1') return 'hardlink';
  return 'other';
}

function pax(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  let s = decoder.decode(data);
  while (s.length) {
    const space = s.indexOf(' ');
    const length = parseInt(s.slice(0, space), 10);
    if (!(length > 0)) break;
    const record = s.slice(space + 1, length - 1); // bytes ≈ chars for ASCII keys; good enough for paths
    const eq = record.indexOf('=');
    out[record.slice(0, eq)] = record.slice(eq + 1);
    s = s.slice(length);
  }
  return out;
}

/**
 * Reads a tar stream entry by entry, in constant memory apart from the content it is asked to keep
 * (files up to `maxDataBytes`, 1 MiB by default; 0 keeps none). GNU long names and PAX `path` /
 * `linkpath` records are applied; the end-of-archive blocks stop it.
 */
export async function* readTarEntries(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options: { maxDataBytes?: number } = {},
): AsyncGenerator<TarEntryWithData> {
  const maxData = options.maxDataBytes ?? 1024 * 1024;
  const header = new Uint8Array(BLOCK);
  let headerFill = 0;
  let entry: TarEntryWithData | undefined;
  let remaining = 0; // content bytes left in the current entry
  let padding = 0; // bytes up to the next block boundary
  let keep: Uint8Array | undefined;
  let kept = 0;
  let special: 'L' | 'K' | 'x' | 'g' | undefined; // a meta entry whose content we need
  let longName: string | undefined;
  let longLink: string | undefined;
  let paxRecords: Record<string, string> = {};
  let ended = false;

  const iterable: AsyncIterable<Uint8Array> =
    source instanceof ReadableStream
      ? {
          async *[Symbol.asyncIterator]() {
            const reader = source.getReader();
            try {
              for (;;) {
                const { done, value } = await reader.read();
                if (done) return;
                yield value;
              }
            } finally {
              await reader.cancel().catch(() => {});
              reader.releaseLock();
            }
          },
        }
      : source;

  const finishEntry = function* (): Generator<TarEntryWithData> {
    if (special) {
      const content = keep!.subarray(0, kept);
      if (special === 'L') longName = text(content, 0, content.length);
      else if (special === 'K') longLink = text(content, 0, content.length);
      else if (special === 'x') paxRecords = pax(content);
      special = undefined;
    } else if (entry) {
      if (keep) entry.data = keep;
      yield entry;
    }
    entry = undefined;
    keep = undefined;
    kept = 0;
  };

  for await (const chunk of iterable) {
    if (ended) break;
    let offset = 0;
    while (offset < chunk.byteLength && !ended) {
      if (remaining > 0) {
        const take = Math.min(remaining, chunk.byteLength - offset);
        if (keep) keep.set(chunk.subarray(offset, offset + take), kept);
        kept += take;
        remaining -= take;
        offset += take;
        if (remaining === 0) yield* finishEntry();
        continue;
      }
      if (padding > 0) {
        const take = Math.min(padding, chunk.byteLength - offset);
        padding -= take;
        offset += take;
        continue;
      }
      const take = Math.min(BLOCK - headerFill, chunk.byteLength - offset);
      header.set(chunk.subarray(offset, offset + take), headerFill);
      headerFill += take;
      offset += take;
      if (headerFill < BLOCK) break;
      headerFill = 0;
      if (header.every((b) => b === 0)) {
        ended = true; // end-of-archive
        break;
      }
      const flag = String.fromCharCode(header[156]!);
      const size = octal(header, 124, 12);
      const prefix = text(header, 345, 155);
      let name = text(header, 0, 100);
      if (prefix && decoder.decode(header.subarray(257, 262)) === 'ustar') name = `${prefix}/${name}`;
      remaining = size;
      padding = (BLOCK - (size % BLOCK)) % BLOCK;
      if (flag === 'L' || flag === 'K' || flag === 'x' || flag === 'g') {
        special = flag;
        keep = new Uint8Array(size);
      } else {
        const local = paxRecords;
        entry = {
          name: longName ?? local.path ?? name,
          type: typeOf(flag),
          size,
          mode: octal(header, 100, 8),
          uid: octal(header, 108, 8),
          gid: octal(header, 116, 8),
          mtime: new Date(octal(header, 136, 12) * 1000),
          linkName: longLink ?? local.linkpath ?? text(header, 157, 100),
        };
        longName = undefined;
        longLink = undefined;
        paxRecords = {};
        if (entry.type === 'file' && size <= maxData && maxData > 0) keep = new Uint8Array(size);
      }
      if (size === 0) yield* finishEntry();
    }
  }
  if (!ended && (remaining > 0 || headerFill > 0 || entry)) throw new Error('portainer-openapi: the tar stream ended inside an entry');
}

export interface TarInput {
  name: string;
  /** File content; leave out for directories and links. */
  data?: Uint8Array | string;
  type?: 'file' | 'directory' | 'symlink';
  mode?: number;
  linkName?: string;
  mtime?: Date;
  uid?: number;
  gid?: number;
}

function writeText(block: Uint8Array, start: number, length: number, value: string): void {
  const bytes = new TextEncoder().encode(value);
  if (bytes.length > length) throw new RangeError(`portainer-openapi: tar field too long: ${value}`);
  block.set(bytes, start);
}

function writeOctal(block: Uint8Array, start: number, length: number, value: number): void {
  writeText(block, start, length, value.toString(8).padStart(length - 1, '0'));
}

/** Builds a small uncompressed ustar archive in memory (names up to 100 bytes, or 255 with a `/`). */
export function createTar(entries: TarInput[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const input of entries) {
    const type = input.type ?? 'file';
    const data = typeof input.data === 'string' ? new TextEncoder().encode(input.data) : input.data ?? new Uint8Array(0);
    const header = new Uint8Array(BLOCK);
    let name = type === 'directory' && !input.name.endsWith('/') ? `${input.name}/` : input.name;
    let prefix = '';
    if (new TextEncoder().encode(name).length > 100) {
      const cut = name.lastIndexOf('/', name.length - 2);
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    }
    writeText(header, 0, 100, name);
    writeOctal(header, 100, 8, input.mode ?? (type === 'directory' ? 0o755 : 0o644));
    writeOctal(header, 108, 8, input.uid ?? 0);
    writeOctal(header, 116, 8, input.gid ?? 0);
    writeOctal(header, 124, 12, type === 'file' ? data.length : 0);
    writeOctal(header, 136, 12, Math.floor((input.mtime ?? new Date()).getTime() / 1000));
    header.fill(0x20, 148, 156); // checksum placeholder: spaces
    header[156] = (type === 'directory' ? '5' : type === 'symlink' ? '2' : '0').charCodeAt(0);
    if (input.linkName) writeText(header, 157, 100, input.linkName);
    writeText(header, 257, 6, 'ustar');
    writeText(header, 263, 2, '00');
    writeText(header, 345, 155, prefix);
    const sum = header.reduce((a, b) => a + b, 0);
    writeText(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(header);
    if (type === 'file' && data.length) {
      const padded = new Uint8Array(Math.ceil(data.length / BLOCK) * BLOCK);
      padded.set(data);
      blocks.push(padded);
    }
  }
  blocks.push(new Uint8Array(BLOCK * 2));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
