// Container file transfer: upload a tar archive into a container (PUT /containers/{id}/archive),
// download a path (GET /containers/{id}/archive) or the whole file system (GET
// /containers/{id}/export) as a stream, decode the X-Docker-Container-Path-Stat header, and write
// tar archives with modern-tar (web streams, no dependencies; long and UTF-8 names through PAX).
import { packTar, type TarHeader } from 'modern-tar';
import { fromBase64 } from '../base64.js';
import type { BinaryBody } from '../body.js';
import type { DockerClient } from '../docker.js';
import { PortainerError, json } from '../errors.js';

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

/** Whether a path stat (from `statContainerPath` or an archive's header) is a directory. */
export function isDirectory(stat: ContainerPathStat): boolean { return (stat.mode & FILE_MODE.dir) !== 0 || stat.mode >= FILE_MODE.dir; }

/** Decodes the X-Docker-Container-Path-Stat header (base64 of JSON); undefined when absent. */
export function decodePathStat(header: string | null | undefined): ContainerPathStat | undefined {
  if (!header) return undefined;
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = json(fromBase64(header));
  } catch {} // not base64: reported below
  if (typeof parsed?.name !== 'string' || typeof parsed.mode !== 'number') throw new PortainerError({ code: 'unreadable-body', message: 'The X-Docker-Container-Path-Stat header is not a path stat' });
  return parsed as unknown as ContainerPathStat;
}

/** Reads the path stat from a response's headers. */
export function readArchivePathStat(response: Response): ContainerPathStat | undefined { return decodePathStat(response.headers.get('x-docker-container-path-stat')); }

function noBody(what: string): never { throw new PortainerError({ code: 'unreadable-body', message: `${what} answered without a body` }); }

/** Describes a path in a container (HEAD /containers/{id}/archive); throws PortainerError on 4xx/5xx. */
export async function statContainerPath(client: DockerClient, id: string, path: string): Promise<ContainerPathStat> {
  const { error, response } = await client.HEAD('/containers/{id}/archive', { params: { path: { id }, query: { path } } });
  if (error) throw error;
  const stat = readArchivePathStat(response);
  if (!stat) throw new PortainerError({ code: 'unreadable-body', message: 'The daemon sent no X-Docker-Container-Path-Stat header' });
  return stat;
}

/** An archive of a path in a container: the tar stream, the stat of the path (from the answer's header) and the response. */
export interface ContainerDownload {
  /** The tar archive, streamed: read it once (or cancel it) to release the connection. */
  stream: ReadableStream<Uint8Array>;
  stat: ContainerPathStat | undefined;
  response: Response;
}

/** Downloads a file or directory of a container as a tar stream (GET /containers/{id}/archive). */
export async function getContainerArchive(client: DockerClient, id: string, path: string, init: { signal?: AbortSignal } = {}): Promise<ContainerDownload> {
  const { data, error, response } = await client.GET('/containers/{id}/archive', { params: { path: { id }, query: { path } }, parseAs: 'stream', signal: init.signal });
  if (error) throw error;
  const stream = (data as ReadableStream<Uint8Array> | null) ?? noBody('GET /containers/{id}/archive');
  return { stream, stat: readArchivePathStat(response), response };
}

/** Streams a container's whole file system as a tar archive (GET /containers/{id}/export). */
export async function exportContainer(client: DockerClient, id: string, init: { signal?: AbortSignal } = {}): Promise<ReadableStream<Uint8Array>> {
  const { data, error } = await client.GET('/containers/{id}/export', { params: { path: { id } }, parseAs: 'stream', signal: init.signal });
  if (error) throw error;
  return (data as ReadableStream<Uint8Array> | null) ?? noBody('GET /containers/{id}/export');
}

/** Options of `putContainerArchive`. */
export interface PutArchiveOptions {
  noOverwriteDirNonDir?: boolean;
  copyUIDGID?: boolean;
  signal?: AbortSignal;
}

/** Extracts a tar archive (bytes, a Blob, or a stream, sent without buffering) into the directory `path` of a container (PUT /containers/{id}/archive). */
export async function putContainerArchive(client: DockerClient, id: string, path: string, tar: BinaryBody, options: PutArchiveOptions = {}): Promise<void> {
  const { signal, ...flags } = options;
  const { error } = await client.PUT('/containers/{id}/archive', { params: { path: { id }, query: { path, ...flags } }, body: tar as never, parseAs: 'text', signal });
  if (error) throw error;
}

// --- tar (read by ./tar-reader.ts; written with modern-tar) ---------------------------------

export { readTarEntries, type TarEntry, type TarEntryType, type TarEntryWithData } from './tar-reader.js';

/** One entry to write with `createTar`: a file (with its data), a directory or a symlink. */
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

/** Builds an uncompressed tar archive in memory; long names (PAX) and UTF-8 names included. */
export function createTar(entries: TarInput[]): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  return packTar(
    entries.map((input) => {
      const type = input.type ?? 'file';
      const data = typeof input.data === 'string' ? encoder.encode(input.data) : input.data;
      const header: TarHeader = {
        name: type === 'directory' && !input.name.endsWith('/') ? `${input.name}/` : input.name,
        size: type === 'file' ? (data?.byteLength ?? 0) : 0,
        type,
        mode: input.mode ?? (type === 'directory' ? 0o755 : 0o644),
        mtime: input.mtime ?? new Date(),
        uid: input.uid ?? 0,
        gid: input.gid ?? 0,
        ...(input.linkName ? { linkname: input.linkName } : {}),
      };
      return { header, body: type === 'file' ? data : undefined };
    }),
  );
}
