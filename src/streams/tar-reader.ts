// Reads tar archives as Docker and GNU tar write them (ustar, PAX and GNU long names), in one pass
// and constant memory apart from the content a caller keeps. Written here because the library
// that writes our archives (modern-tar) parses PAX records in quadratic time: a hostile daemon's
// archive could stall the reader for hours. Every record here is read once, metadata is bounded.
import { PortainerError } from '../errors.js';
import { chunksOf, concat, type ByteStream } from './chunks.js';

/** What a tar entry is. */
export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/** One entry of a tar archive, as its header (and PAX records) describe it. */
export interface TarEntry { name: string; type: TarEntryType; size: number; mode: number; uid: number; gid: number; mtime: Date; linkName: string }

/** A tar entry with its data (empty for all but files). */
export interface TarEntryWithData extends TarEntry {
  /** The content, for files up to `maxDataBytes`; undefined otherwise. */
  data?: Uint8Array;
}

const BLOCK = 512;
const MAX_META_BYTES = 1024 * 1024; // PAX records and GNU long names: real ones are a few KiB
const TYPES: Record<string, TarEntryType> = { '0': 'file', '\0': 'file', '7': 'file', '5': 'directory', '2': 'symlink', '1': 'hardlink' };
const decoder = new TextDecoder();
const bad = (message: string) => new PortainerError({ code: 'stream-format', message: `Not a valid tar archive: ${message}` });

/** The bytes of a stream, taken by count: each byte is copied at most once. */
class Bytes {
  #chunks: Uint8Array[] = [];
  #size = 0;
  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  /** Waits until `n` bytes are here; false when the stream ended first. */
  async have(n: number): Promise<boolean> {
    for (let next; this.#size < n; this.#size += next.value.byteLength) {
      next = await this.source.next();
      if (next.done) return false;
      this.#chunks.push(next.value);
    }
    return true;
  }

  /** Up to `n` bytes that are here (a view when they lie in one chunk). */
  take(n: number): Uint8Array {
    const parts: Uint8Array[] = [];
    let got = 0;
    while (got < n && this.#chunks.length) {
      const first = this.#chunks[0]!;
      const part = first.subarray(0, n - got);
      if (part.byteLength === first.byteLength) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(part.byteLength);
      parts.push(part);
      got += part.byteLength;
    }
    this.#size -= got;
    return concat(parts, got);
  }

  /** Exactly `n` bytes, or a stream-format error when the archive ends first. */
  async read(n: number): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for (let got = 0; got < n; got += parts.at(-1)!.byteLength) {
      if (!this.#size && !(await this.have(1))) throw bad('it ends inside an entry');
      parts.push(this.take(Math.min(n - got, this.#size)));
    }
    return concat(parts, n);
  }
}

function text(block: Uint8Array, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

/** An octal field, or GNU's base-256 for large values. */
function number(block: Uint8Array, start: number, length: number): number {
  if (block[start]! & 0x80) return block.subarray(start + 1, start + length).reduce((value, byte) => value * 256 + byte, 0);
  const digits = text(block, start, length).trim();
  const value = digits ? parseInt(digits, 8) : 0;
  if (!Number.isSafeInteger(value) || value < 0) throw bad(`a header field is not a number (${digits.slice(0, 20)})`);
  return value;
}

/** PAX records (`<length> <key>=<value>\n`, lengths in bytes): each read once. */
function pax(bytes: Uint8Array): Record<string, string> {
  const records: Record<string, string> = {};
  for (let at = 0; at < bytes.byteLength; ) {
    let space = at;
    while (space < at + 20 && bytes[space] !== 0x20) space++;
    const length = Number(decoder.decode(bytes.subarray(at, space)));
    if (!Number.isSafeInteger(length) || length <= space - at + 1 || at + length > bytes.byteLength) throw bad('a PAX record has a wrong length');
    const record = decoder.decode(bytes.subarray(space + 1, at + length - 1));
    const eq = record.indexOf('=');
    if (eq > 0) records[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return records;
}

/**
 * Reads a tar stream entry by entry, keeping the content of files up to `maxDataBytes` (1 MiB by
 * default; 0 keeps none). PAX `path`, `linkpath`, `size` and `mtime` and GNU long names are applied.
 * A damaged or truncated archive fails with a PortainerError (`stream-format`).
 */
export async function* readTarEntries(source: ByteStream, options: { maxDataBytes?: number } = {}): AsyncGenerator<TarEntryWithData> {
  const maxData = options.maxDataBytes ?? 1024 * 1024;
  const chunks = chunksOf(source);
  const bytes = new Bytes(chunks[Symbol.asyncIterator]());
  let meta: Record<string, string> = {};
  try {
    while (await bytes.have(BLOCK)) {
      const header = bytes.take(BLOCK);
      if (header.every((byte) => byte === 0)) return; // the end-of-archive blocks
      const sum = header.reduce((total, byte, i) => total + (i >= 148 && i < 156 ? 0x20 : byte), 0);
      if (sum !== number(header, 148, 8)) throw bad('a header checksum does not match');
      const flag = String.fromCharCode(header[156]!);
      let size = number(header, 124, 12);
      const padded = Math.ceil(size / BLOCK) * BLOCK;
      if ('xgLK'.includes(flag)) {
        if (size > MAX_META_BYTES) throw bad(`metadata of ${size} bytes (more than ${MAX_META_BYTES})`);
        const data = (await bytes.read(padded)).subarray(0, size);
        if (flag === 'x') Object.assign(meta, pax(data));
        else if (flag === 'L' || flag === 'K') meta[flag === 'L' ? 'path' : 'linkpath'] = text(data, 0, size);
        continue; // global PAX records (g) describe the archive, not an entry
      }
      if (meta.size !== undefined) size = Number(meta.size);
      if (!Number.isSafeInteger(size) || size < 0) throw bad('a PAX size is not a number');
      const prefix = text(header, 257, 6) === 'ustar' ? text(header, 345, 155) : '';
      const name = meta.path ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
      const mtime = new Date((meta.mtime !== undefined ? Number(meta.mtime) : number(header, 136, 12)) * 1000);
      const [mode, uid, gid] = [number(header, 100, 8), number(header, 108, 8), number(header, 116, 8)];
      const entry: TarEntryWithData = { name, type: TYPES[flag] ?? 'other', size, mode, uid, gid, mtime, linkName: meta.linkpath ?? text(header, 157, 100) };
      meta = {};
      const hasBody = entry.type === 'file' || entry.type === 'other';
      const body = hasBody ? Math.ceil(size / BLOCK) * BLOCK : 0;
      if (hasBody && maxData > 0 && size <= maxData) entry.data = (await bytes.read(body)).slice(0, size);
      else for (let left = body; left > 0; ) left -= (await bytes.read(Math.min(left, 65536))).byteLength;
      yield entry;
    }
    if (bytes.take(BLOCK).byteLength) throw bad('it ends inside a header');
  } finally {
    await chunks.return(undefined); // stopping early cancels the source
  }
}
