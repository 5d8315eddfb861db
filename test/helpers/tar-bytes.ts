// Tar archives byte by byte, for tests that need ones no well-behaved writer makes: PAX records
// whose lengths count bytes, sizes that only PAX tells, broken checksums, metadata that claims to
// be huge.
const encoder = new TextEncoder();

export interface RawHeader {
  name: string;
  size?: number;
  /** The size field as written (to lie about it); default: `size` in octal. */
  sizeField?: string;
  type?: string;
  mode?: number;
  mtime?: number;
  prefix?: string;
  linkname?: string;
  /** Add this to the correct checksum (a damaged header). */
  checksumError?: number;
}

function put(block: Uint8Array, offset: number, length: number, value: string) {
  block.set(encoder.encode(value).subarray(0, length), offset);
}

const octal = (n: number, width: number) => `${n.toString(8).padStart(width - 1, '0')}\0`;

export function header(h: RawHeader): Uint8Array {
  const block = new Uint8Array(512);
  put(block, 0, 100, h.name);
  put(block, 100, 8, octal(h.mode ?? 0o644, 8));
  put(block, 108, 8, octal(0, 8));
  put(block, 116, 8, octal(0, 8));
  put(block, 124, 12, h.sizeField ?? octal(h.size ?? 0, 12));
  put(block, 136, 12, octal(h.mtime ?? 0, 12));
  put(block, 148, 8, '        ');
  put(block, 156, 1, h.type ?? '0');
  put(block, 157, 100, h.linkname ?? '');
  put(block, 257, 6, 'ustar\0');
  put(block, 263, 2, '00');
  put(block, 345, 155, h.prefix ?? '');
  const sum = block.reduce((a, b) => a + b, 0) + (h.checksumError ?? 0);
  put(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** `length key=value\n` records, the length counting bytes (itself included). */
export function paxRecords(records: Record<string, string>): Uint8Array {
  let out = '';
  for (const [key, value] of Object.entries(records)) {
    const body = ` ${key}=${value}\n`;
    const bytes = encoder.encode(body).byteLength;
    let length = bytes + 1;
    while (String(length).length + bytes !== length) length++;
    out += `${length}${body}`;
  }
  return encoder.encode(out);
}

/** Data padded to a whole number of blocks. */
export function padded(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.byteLength / 512) * 512);
  out.set(data);
  return out;
}

/** A header and its data. */
export function entry(h: RawHeader, data: Uint8Array | string = new Uint8Array(0)): Uint8Array[] {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return [header({ size: bytes.byteLength, ...h }), padded(bytes)];
}

/** A PAX extended header ('x') for the entry after it. */
export function pax(records: Record<string, string> | Uint8Array): Uint8Array[] {
  const body = records instanceof Uint8Array ? records : paxRecords(records);
  return entry({ name: 'PaxHeader', type: 'x' }, body);
}

export const END = new Uint8Array(1024);
