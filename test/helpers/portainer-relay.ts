// A stand-in for the parts of Portainer a terminal uses, in front of the tests' private daemon:
// the Docker proxy (/api/endpoints/{id}/docker/… forwarded as is, streams included) and the
// console WebSockets (/api/websocket/exec and /attach), relayed the way Portainer's Go handlers do
// it: upgrade, then a hijacked POST to the daemon (exec start with a TTY, or attach), then client
// messages (text or binary) to the process's stdin and its output back as text messages, at most
// 2048 bytes read at a time; a client message over 2048 bytes closes the socket (Portainer's read
// limit); when the process ends, the connection is dropped without a close frame.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RelaySeen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** True for a WebSocket upgrade. */
  upgrade?: boolean;
}

export interface PortainerRelay {
  url: string;
  /** Every request and upgrade, as received. */
  seen: RelaySeen[];
  /** Messages each WebSocket session received from the client, in order. */
  received: Array<Array<{ binary: boolean; bytes: number }>>;
  /** When set, every upgrade is refused with this status (as a proxy in front of Portainer may). */
  refuseUpgrades?: number;
  /** When set, upgrades are never answered (a proxy that hangs). */
  holdUpgrades?: boolean;
  /** Drop every open WebSocket as Portainer does when the process ends (no close frame). */
  dropSessions(): void;
  close(): Promise<void>;
}

export interface RelayOptions {
  dockerUrl: string;
  apiKey: string;
  endpointId?: number;
}

const READ_LIMIT = 2048;
const HEADER_LIMIT = 16 * 1024;

function refuse(socket: Socket, status: number, message: string): void {
  const body = JSON.stringify({ message, details: message });
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Sends the raw request on a new connection to the daemon and resolves after its 101, with any bytes that came with it. */
function hijack(dockerUrl: string, path: string, body: string): Promise<{ conn: Socket; rest: Buffer }> {
  const { hostname, port } = new URL(dockerUrl);
  return new Promise((resolve, reject) => {
    const conn = net.connect(Number(port), hostname);
    conn.setTimeout(10_000, () => conn.destroy(new Error('daemon did not answer the hijack within 10 s')));
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > HEADER_LIMIT) conn.destroy(new Error('daemon answer headers too long'));
        return;
      }
      conn.off('data', onData);
      conn.setTimeout(0);
      const status = head.subarray(0, end).toString('latin1').split('\r\n')[0]!;
      if (!/^HTTP\/1\.[01] 101/.test(status)) {
        conn.destroy();
        reject(new Error(`daemon answered ${status}: ${head.subarray(end + 4).toString()}`));
        return;
      }
      resolve({ conn, rest: head.subarray(end + 4) });
    };
    conn.on('data', onData);
    conn.once('error', reject);
    conn.write(
      `POST ${path} HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
}

/**
 * Joins the WebSocket to the daemon's socket. Client messages that come before the daemon has
 * answered wait (Portainer reads none until then; they stay in its socket buffer).
 */
function relay(ws: WebSocket, started: Promise<{ conn: Socket; rest: Buffer }>, log: Array<{ binary: boolean; bytes: number }>): void {
  const early: Buffer[] = [];
  let conn: Socket | undefined;
  ws.on('message', (data, binary) => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
    log.push({ binary, bytes: bytes.length });
    if (conn) conn.write(bytes);
    else early.push(bytes);
  });
  ws.on('close', () => conn?.destroy());
  const send = (chunk: Buffer) => {
    for (let at = 0; at < chunk.length; at += READ_LIMIT) ws.send(chunk.subarray(at, at + READ_LIMIT).toString('utf8'));
  };
  started.then(
    (hijacked) => {
      conn = hijacked.conn;
      if (ws.readyState !== ws.OPEN) return void conn.destroy();
      if (hijacked.rest.length) send(hijacked.rest);
      for (const bytes of early.splice(0)) conn.write(bytes);
      conn.on('data', send);
      conn.on('close', () => ws.terminate());
      conn.on('error', () => ws.terminate());
    },
    () => ws.terminate(),
  );
}

export async function startPortainerRelay({ dockerUrl, apiKey, endpointId = 1 }: RelayOptions): Promise<PortainerRelay> {
  const seen: RelaySeen[] = [];
  const received: PortainerRelay['received'] = [];
  const sockets = new Set<Socket>();
  const sessions = new Set<WebSocket>();
  const prefix = `/api/endpoints/${endpointId}/docker`;
  const authorized = (headers: http.IncomingHttpHeaders) => headers['x-api-key'] === apiKey;

  const server = http.createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers });
    if (!authorized(req.headers)) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'Unauthorized', details: 'A valid authorization token is missing' }));
      return;
    }
    if (!req.url!.startsWith(`${prefix}/`)) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'Not found', details: req.url }));
      return;
    }
    const { hostname, port } = new URL(dockerUrl);
    const headers = { ...req.headers };
    delete headers['x-api-key'];
    delete headers['x-portaineragent-target'];
    const upstream = http.request({ host: hostname, port, method: req.method, path: req.url!.slice(prefix.length), headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => res.destroy(error));
    req.pipe(upstream);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: READ_LIMIT });
  server.on('upgrade', (req, socket: Socket, head) => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, upgrade: true });
    const url = new URL(req.url!, 'http://relay');
    if (handle.holdUpgrades) return; // never answered; close() destroys the socket
    if (handle.refuseUpgrades) return refuse(socket, handle.refuseUpgrades, 'upgrade refused');
    if (url.searchParams.has('token')) return refuse(socket, 400, 'credentials in the URL are not accepted');
    if (!authorized(req.headers)) return refuse(socket, 401, 'A valid authorization token is missing');
    const kind = url.pathname === '/api/websocket/exec' ? 'exec' : url.pathname === '/api/websocket/attach' ? 'attach' : undefined;
    const id = url.searchParams.get('id') ?? '';
    if (!kind) return refuse(socket, 404, 'no such route');
    if (!/^[0-9a-f]+$/i.test(id)) return refuse(socket, 400, 'Invalid query parameter: id (must be hexadecimal identifier)');
    if (url.searchParams.get('endpointId') !== String(endpointId)) return refuse(socket, 404, 'Unable to find an environment with the specified identifier inside the database');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sessions.add(ws);
      ws.on('close', () => sessions.delete(ws));
      const log: Array<{ binary: boolean; bytes: number }> = [];
      received.push(log);
      const started = kind === 'exec'
        ? hijack(dockerUrl, `/exec/${id}/start`, JSON.stringify({ Tty: true, Detach: false }))
        : hijack(dockerUrl, `/containers/${id}/attach?stdin=1&stdout=1&stderr=1&stream=1`, '');
      relay(ws, started, log);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle: PortainerRelay = {
    url: `http://127.0.0.1:${port}`,
    seen,
    received,
    dropSessions: () => {
      for (const ws of sessions) ws.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sessions) ws.terminate();
        for (const socket of sockets) socket.destroy();
        wss.close();
        server.close(() => resolve());
      }),
  };
  return handle;
}
