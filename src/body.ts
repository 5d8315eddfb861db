// Request bodies that are not JSON: multipart forms (Portainer's environment and stack uploads)
// and raw bytes (Docker's tarballs). The media type comes from the spec, through generated/*.media.ts.
import { Readable } from 'node:stream';

export type BinaryBody = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | Readable | string;

/** A form from a plain object: numbers and booleans as text, Blobs as file parts (with a file name). */
export function toFormData(body: unknown): FormData {
  if (body instanceof FormData) return body;
  if (!body || typeof body !== 'object') throw new TypeError('portainer-openapi: a multipart body must be an object or a FormData');
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    if (value instanceof Blob) {
      // Portainer reads file fields with FormFile, which ignores parts that have no file name.
      form.append(name, value, (value as File).name || name);
    } else if (value instanceof Uint8Array) {
      form.append(name, new Blob([value as Uint8Array<ArrayBuffer>]), name);
    } else if (typeof value === 'object') {
      form.append(name, JSON.stringify(value)); // fields such as TagIds and Env are JSON text
    } else {
      form.append(name, String(value));
    }
  }
  return form;
}

export function isStream(body: unknown): boolean {
  return body instanceof ReadableStream || body instanceof Readable;
}

/** Raw bytes as fetch accepts them; Node streams become web streams. */
export function toBinary(body: unknown): BodyInit {
  if (body instanceof Readable) return Readable.toWeb(body) as unknown as ReadableStream<Uint8Array>;
  if (body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body) || body instanceof ReadableStream || typeof body === 'string') {
    return body as BodyInit;
  }
  throw new TypeError('portainer-openapi: a binary body must be a Blob, ArrayBuffer, Uint8Array, string or stream');
}
