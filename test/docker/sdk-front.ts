// A loopback front for real Docker clients (dockerode, the Docker CLI): they talk to it as to a
// daemon, and it sends each request on to the validating Prism proxy, or, when Prism cannot carry
// it (a hijacked or upgraded connection, a long poll, a stream, a tar or binary body), straight to
// the daemon, checking that exchange against the description itself (./sdk-spec.ts). Every
// exchange is recorded with its operation, so a test can say which operations a client used and
// that none broke the description.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Doc } from '../helpers/spec-requests.js';
import { specOf, type Match, type RequestBody } from './sdk-spec.js';

export interface Exchange {
  method: string;
  /** As the client sent it. */
  url: string;
  /** The operation the description has for it (`GET /containers/json (ContainerList)`), if any. */
  operation?: string;
  operationId?: string;
  /** Where it went: the validating proxy, or the daemon with this front checking it. */
  route: 'prism' | 'daemon';
  status?: number;
  violations: string[];
  /** Query parameters the client sent that the description does not describe. */
  undescribed: string[];
  /** A name came unencoded across path segments; Prism was sent it as one encoded segment. */
  spanned: boolean;
}

export interface Front {
  url: string;
  port: number;
  exchanges: Exchange[];
  /** Distinct operation IDs of every exchange so far. */
  operations(): Set<string>;
  /** `METHOD url: problem` for every exchange that broke the description. */
  violations(): string[];
  close(): Promise<void>;
}

/** Longest stretch of a response body kept to check it; the rest still reaches the client. */
const CAPTURE_LIMIT = 4 * 1024 * 1024;
/** No exchange through the front lasts longer (a followed stream ends when its client hangs up). */
const EXCHANGE_LIMIT_MS = 120_000;
const HOP = new Set(['connection', 'keep-alive', 'host', 'upgrade', 'proxy-connection']);

/**
 * Operations whose answers Prism cannot carry: streams, long polls, binary and tar bodies, and
 * answers labelled JSON that have no body (a HEAD's error, a cancelled build), which Prism fails
 * to parse.
 */
const STREAMED = new Set([
  'BuildCancel',
  'ContainerArchiveInfo',
  'ContainerAttach',
  'ContainerAttachWebsocket',
  'ContainerWait',
  'ContainerLogs',
  'ContainerExport',
  'ContainerArchive',
  'PutContainerArchive',
  'ServiceLogs',
  'TaskLogs',
  'SystemEvents',
  'ImageGet',
  'ImageGetAll',
  'ImageLoad',
  'ImageBuild',
  'ImageCreate',
  'ImagePush',
  'PluginPull',
  'PluginUpgrade',
  'PluginPush',
  'PluginCreate',
  'Session',
]);

/** Flag values as the daemon's BoolValue reads them. */
const falseWord = (value: string | null) => value !== null && ['', '0', 'no', 'false', 'none'].includes(value.trim().toLowerCase());

function goesToDaemon(m: Match | undefined, url: URL, body: RequestBody): boolean {
  const id = m?.op.op.operationId as string | undefined;
  if (!id) return false;
  if (STREAMED.has(id)) return true;
  // Stats stream unless `stream` is a false word; an exec start hijacks unless detached.
  if (id === 'ContainerStats') return !falseWord(url.searchParams.get('stream'));
  if (id === 'ExecStart') return (body.json as { Detach?: unknown } | undefined)?.Detach !== true;
  return false;
}

/** A JSON body as the request carries it, parsed; undefined when it is not JSON. */
function parseJson(contentType: string | undefined, bytes: Buffer): unknown {
  if (!/json/i.test(contentType ?? '') || !bytes.length) return undefined;
  try {
    return JSON.parse(bytes.toString());
  } catch {
    return undefined;
  }
}

/** What a Prism error answer says was wrong: its validation messages, or its title and detail. */
function prismProblem(body: Buffer): string[] {
  try {
    const problem = JSON.parse(body.toString()) as { title?: string; detail?: string; validation?: { message: string }[] };
    if (problem.validation?.length) return problem.validation.map((v) => `prism: ${v.message}`);
    return [`prism: ${problem.title}: ${problem.detail}`];
  } catch {
    return [`prism: ${body.toString().slice(0, 200)}`];
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function forwardHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP.has(name)));
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`request body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startFront({ doc, prism, daemon }: { doc: Doc; prism: string; daemon: string }): Promise<Front> {
  const spec = specOf(doc);
  const exchanges: Exchange[] = [];
  const prismUrl = new URL(prism);
  const daemonUrl = new URL(daemon);
  const hijacked = new Set<net.Socket>();

  function begin(req: http.IncomingMessage, m: Match | undefined, route: Exchange['route'], body: RequestBody): Exchange {
    const exchange: Exchange = {
      method: req.method!,
      url: req.url!,
      operation: m ? `${m.op.method.toUpperCase()} ${m.op.path} (${m.op.op.operationId})` : undefined,
      operationId: m?.op.op.operationId,
      route,
      violations: m ? [] : ['no operation of the description matches'],
      undescribed: [],
      spanned: Boolean(m?.spanned),
    };
    exchanges.push(exchange);
    if (m) {
      const checked = spec.checkRequest(m, new URL(req.url!, 'http://front'), req.headers, header(req.headers['content-type']), body);
      // Prism checks what it carries itself; the rest is checked here.
      if (route === 'daemon') exchange.violations.push(...checked.violations);
      exchange.undescribed = checked.undescribed;
    }
    return exchange;
  }

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url!, 'http://front');
      const m = spec.match(req.method!, url.pathname);
      const contentType = header(req.headers['content-type']);
      const bodyPresent = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
      // JSON bodies are small: kept whole, to route on (exec start) and to check; others stream through.
      const kept = bodyPresent && /json/i.test(contentType ?? '') ? await readBody(req, 1024 * 1024) : undefined;
      const body: RequestBody = { present: bodyPresent, json: kept && parseJson(contentType, kept) };
      const direct = goesToDaemon(m, url, body);
      const exchange = begin(req, m, direct ? 'daemon' : 'prism', body);
      const target = direct ? daemonUrl : prismUrl;
      const upstream = http.request({
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: direct || !m ? req.url : `${m.path}${url.search}`,
        headers: forwardHeaders(req.headers),
        agent: false,
        timeout: EXCHANGE_LIMIT_MS,
      });
      upstream.on('timeout', () => upstream.destroy(new Error('exchange over its time limit')));
      res.on('close', () => upstream.destroy());
      upstream.on('error', (error) => {
        exchange.violations.push(`upstream: ${error.message}`);
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end();
      });
      upstream.on('response', (answer) => {
        exchange.status = answer.statusCode;
        const reported = answer.headers['sl-violations'];
        if (reported) for (const v of JSON.parse(header(reported)!) as { message: string }[]) exchange.violations.push(`prism: ${v.message}`);
        const headers = forwardHeaders(answer.headers);
        delete headers['transfer-encoding'];
        res.writeHead(answer.statusCode!, headers);
        res.flushHeaders(); // a long poll (`wait`) answers its headers long before its body
        const captured: Buffer[] = [];
        let size = 0;
        answer.on('data', (chunk: Buffer) => {
          if (size < CAPTURE_LIMIT) captured.push(chunk.subarray(0, CAPTURE_LIMIT - size));
          size += chunk.length;
        });
        answer.pipe(res);
        answer.on('close', () => {
          if (!direct && /problem\+json/.test(String(answer.headers['content-type']))) {
            exchange.violations.push(...prismProblem(Buffer.concat(captured)).filter((v) => !exchange.violations.includes(v)));
          } else if (direct && m) {
            const complete = size <= CAPTURE_LIMIT && answer.complete;
            exchange.violations.push(...spec.checkResponse(m, answer.statusCode!, header(answer.headers['content-type']), complete ? Buffer.concat(captured) : undefined));
          }
        });
      });
      if (kept) upstream.end(kept);
      else req.pipe(upstream);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`front: ${String(error)}`);
    }
  });

  // Hijacked connections (`Upgrade: tcp`, WebSockets): the raw bytes go both ways to the daemon;
  // the answer's status line and headers are checked as they pass.
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const url = new URL(req.url!, 'http://front');
    const m = spec.match(req.method!, url.pathname);
    const contentType = header(req.headers['content-type']);
    const length = Number(req.headers['content-length'] ?? 0);
    const present = length > 0 || req.headers['transfer-encoding'] !== undefined;
    // The body of a hijacking request (an exec start's JSON) comes with its head, when it is whole.
    const json = length > 0 && head.length >= length ? parseJson(contentType, head.subarray(0, length)) : undefined;
    const exchange = begin(req, m, 'daemon', { present, json });
    const upstream = net.connect({ host: daemonUrl.hostname, port: Number(daemonUrl.port) });
    hijacked.add(socket).add(upstream);
    upstream.setTimeout(EXCHANGE_LIMIT_MS, () => upstream.destroy());
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) upstream.write(head);
    let seen = Buffer.alloc(0);
    const onHead = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]).subarray(0, 16 * 1024);
      const end = seen.indexOf('\r\n\r\n');
      if (end === -1 && seen.length < 16 * 1024) return;
      upstream.off('data', onHead);
      const [statusLine, ...headerLines] = seen.subarray(0, end === -1 ? seen.length : end).toString('latin1').split('\r\n');
      exchange.status = Number(statusLine!.split(' ')[1]);
      const contentType = headerLines.find((l) => /^content-type:/i.test(l))?.replace(/^[^:]*:\s*/, '');
      if (m) exchange.violations.push(...spec.checkResponse(m, exchange.status, contentType, undefined));
    };
    upstream.on('data', onHead);
    upstream.pipe(socket);
    socket.pipe(upstream);
    const done = () => {
      hijacked.delete(socket);
      hijacked.delete(upstream);
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', done);
    upstream.on('error', (error) => {
      exchange.violations.push(`upstream: ${error.message}`);
      done();
    });
    socket.on('close', done);
    upstream.on('close', done);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    exchanges,
    operations: () => new Set(exchanges.flatMap((e) => (e.operationId ? [e.operationId] : []))),
    violations: () => exchanges.flatMap((e) => e.violations.map((v) => `${e.method} ${e.url}: ${v}`)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of hijacked) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
