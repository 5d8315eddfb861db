// Request bodies that are not JSON: multipart forms (Portainer's environment and stack uploads)
// and raw bytes (Docker's tarballs). The media type comes from the spec, through generated/*.media.ts.
import { invalid } from './errors.js';

/** Bytes for a binary body: also any async iterable of chunks, such as a Node.js Readable. */
export type BinaryBody = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | string;

/** A form from a plain object: numbers and booleans as text, Blobs as file parts (with a file name). */
export function toFormData(body: unknown): FormData {
  if (body instanceof FormData) return body;
  if (!body || typeof body !== 'object') invalid('a multipart body must be an object or a FormData', 'invalid-request');
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    // Portainer reads file fields with FormFile, which ignores parts that have no file name.
    if (value instanceof Blob) form.append(name, value, (value as File).name || name);
    else if (value instanceof Uint8Array) form.append(name, new Blob([value as Uint8Array<ArrayBuffer>]), name);
    else form.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value)); // TagIds, Env: JSON text
  }
  return form;
}

/** Raw bytes as fetch accepts them; an async iterable becomes a stream, pulled as it is sent. */
export function toBinary(body: unknown): BodyInit {
  if (body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body) || body instanceof ReadableStream || typeof body === 'string') {
    return body as BodyInit;
  }
  const iterable = body as AsyncIterable<Uint8Array> | null;
  if (typeof iterable?.[Symbol.asyncIterator] !== 'function') {
    invalid('a binary body must be bytes, a Blob, a string or a stream', 'invalid-request');
  }
  const iterator = iterable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}
