// The bytes of a stream, chunk by chunk, from a web ReadableStream or any async iterable (a Node.js
// Readable, a generator). Stopping early (break, an error, the signal) cancels the source, so the
// connection under it is released.
/** A source of bytes the stream helpers read: a web ReadableStream (a fetch body) or any async iterable of Uint8Array (a Node Readable). */
export type ByteStream = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** The chunks as one array, copied once (a single chunk is handed back as it is). */
export function concat(chunks: Uint8Array[], size = chunks.reduce((n, c) => n + c.byteLength, 0)): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  chunks.reduce((at, chunk) => (out.set(chunk, at), at + chunk.byteLength), 0);
  return out;
}

export async function* chunksOf(source: ByteStream, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  if (!(source instanceof ReadableStream)) {
    for await (const chunk of source) {
      signal?.throwIfAborted();
      if (chunk.byteLength) yield chunk;
    }
    return;
  }
  const reader = source.getReader();
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => {});
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let next: ReadableStreamReadResult<Uint8Array> | undefined;
  try {
    while (!(next = await reader.read()).done) {
      signal?.throwIfAborted();
      if (next.value.byteLength) yield next.value;
    }
    signal?.throwIfAborted(); // a read the abort cancelled ends as done
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!next?.done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** The first `limit` bytes of a stream as text; the rest is cancelled unread. */
export async function textPrefix(source: ReadableStream<Uint8Array> | null, limit = 64 * 1024): Promise<string> {
  if (!source) return '';
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for await (const chunk of chunksOf(source)) {
    text += decoder.decode(chunk.subarray(0, limit - size), { stream: true });
    size += chunk.byteLength;
    if (size >= limit) break;
  }
  return text + decoder.decode();
}
