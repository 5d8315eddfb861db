// Byte helpers shared by the tests.

/** The whole of a body stream (empty for none). */
export async function readAll(stream: ReadableStream<Uint8Array> | null | undefined): Promise<Uint8Array<ArrayBuffer>> {
  if (!stream) return new Uint8Array();
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The parts one after the other, in one array. */
export function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

export const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
