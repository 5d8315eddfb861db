// Shared pieces of the hostile-server tier: byte streams cut at chosen places, the settled outcome
// of a promise, and every form in which an error can be shown (where no secret may appear).
import { inspect } from 'node:util';

/** Lets timers run now and then: a test's time bound can only fire between macrotasks. */
export async function breathe(count: number): Promise<void> {
  if (count % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
}

/** A stream that hands out `chunks` one by one, as a server would send them. */
export function streamOf(chunks: Iterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.iterator]();
  let count = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      await breathe(++count);
      const next = iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
}

/** `bytes` cut at the given offsets (sorted, deduplicated, within bounds). */
export function cut(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const points = [...new Set(at.map((n) => Math.max(0, Math.min(bytes.byteLength, n))))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.byteLength]) {
    if (point > from) parts.push(bytes.slice(from, point));
    from = Math.max(from, point);
  }
  return parts;
}

/** `bytes` in pieces of `size` bytes (copies, as a socket would deliver them). */
export function* pieces(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += size) yield bytes.slice(at, at + size);
}

/** Whether a promise resolved or rejected, and with what (never throws). */
export async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: any }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Drains an async iterable into a list, and reports how it ended. */
export async function drain<T>(source: AsyncIterable<T>): Promise<{ items: T[]; error?: any }> {
  const items: T[] = [];
  try {
    for await (const item of source) items.push(item);
    return { items };
  } catch (error) {
    return { items, error };
  }
}

/** Every way an error can be shown: its fields, String, JSON, inspect, stack, and each cause's too. */
export function errorForms(error: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  for (let link: any = error; link && typeof link === 'object' && !seen.has(link); link = link.cause) {
    seen.add(link);
    out.push(String(link.message ?? ''), String(link.details ?? ''), String(link), JSON.stringify(link) ?? '', inspect(link), inspect(link, { showHidden: true, depth: 20 }), String(link.stack ?? ''));
  }
  return out;
}

export const REDACTED = '[redacted]';

/** The secrets (in any of the given forms) that show in a text outside the `[redacted]` marks. */
export function leaks(texts: string[], secretForms: string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const piece of text.split(REDACTED)) for (const form of secretForms) if (form && piece.includes(form)) found.add(form);
  }
  return [...found];
}

/** The forms a Go server (Portainer, dockerd) or a proxy may echo a secret in. */
export function echoForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  // Go's encoding/json also escapes <, > and & (HTML-safe output, its default).
  const goJson = json.replaceAll('<', '\\u003c').replaceAll('>', '\\u003e').replaceAll('&', '\\u0026');
  const uri = encodeURIComponent(secret);
  // Go's url.QueryEscape: every byte but A-Z a-z 0-9 - _ . ~ escaped, a space as '+'.
  const query = Array.from(new TextEncoder().encode(secret), (b) =>
    /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : b === 0x20 ? '+' : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
  ).join('');
  return [...new Set([secret, json, goJson, uri, query])];
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
