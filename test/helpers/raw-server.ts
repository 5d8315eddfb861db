// A loopback TCP server that speaks just enough HTTP to read requests, and answers with whatever
// bytes the test writes on the socket: half-written frames, stalled bodies, resets, malformed
// framing. It counts open connections, so a test can check that a request given up was cancelled.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RawRequest {
  method: string;
  /** The request target exactly as sent (not decoded, not normalised). */
  target: string;
  headers: Record<string, string>;
  body: Buffer;
}

export type RawHandler = (socket: net.Socket, request: RawRequest, index: number) => void | Promise<void>;

export interface RawServer {
  url: string;
  requests: RawRequest[];
  openSockets(): number;
  close(): Promise<void>;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const MAX_HEAD = 64 * 1024;

/** The head of one request, if `buffer` holds all of it (and its Content-Length body). */
function parse(buffer: Buffer): { request: RawRequest; rest: Buffer } | undefined {
  const end = buffer.indexOf(HEAD_END);
  if (end === -1) {
    if (buffer.length > MAX_HEAD) throw new Error('request head too large');
    return undefined;
  }
  const [line = '', ...fields] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const [method = '', target = ''] = line.split(' ');
  const headers: Record<string, string> = {};
  for (const field of fields) {
    const colon = field.indexOf(':');
    headers[field.slice(0, colon).trim().toLowerCase()] = field.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const start = end + HEAD_END.length;
  if (buffer.length < start + length) return undefined;
  return { request: { method, target, headers, body: buffer.subarray(start, start + length) }, rest: buffer.subarray(start + length) };
}

export async function rawServer(handler: RawHandler): Promise<RawServer> {
  const requests: RawRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer: Buffer = Buffer.alloc(0);
    let busy = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let parsed = parse(buffer); parsed; parsed = parse(buffer)) {
        buffer = parsed.rest;
        const { request } = parsed;
        requests.push(request);
        const index = requests.length - 1;
        busy = busy.then(() => handler(socket, request, index)).catch(() => void socket.destroy());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The head of an HTTP/1.1 answer; `chunked` unless a Content-Length is given. */
export function head(status: number, headers: Record<string, string | number> = {}): string {
  const all = { 'Content-Type': 'application/json', ...headers };
  if (!Object.keys(all).some((k) => k.toLowerCase() === 'content-length')) Object.assign(all, { 'Transfer-Encoding': 'chunked' });
  return `HTTP/1.1 ${status} X\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
}

/** One chunk of a chunked body (an empty one ends the body). */
export function chunk(data: string): string {
  return `${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`;
}

/** Waits until `check` holds, polling, for at most `ms`; returns whether it held. */
export async function eventually(check: () => boolean, ms = 2000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}
