// The mock Portainer: a small HTTP server in front of Prism. Prism validates every request against
// the spec and answers from its examples; the front makes the answers read like Portainer's where
// Prism's would not: credentials refused as Portainer refuses them, and Prism's refusals (a canned
// example, or its problem+json) turned into `{message, details}` naming the field and the rule
// broken. Everything else, streams included, passes through untouched. Bounded: request bodies
// (MOCK_MAX_BODY_BYTES), the time to receive a request, and the wait for Prism's answer.
import http from 'node:http';
import fs from 'node:fs/promises';
import { credentialProblem, fromProblem, fromViolations } from './mock-errors.js';
import { routeTable } from './mock-routes.js';
import { startPrism } from './prism.js';
import { undescribedVersion } from './portainer-versions.js';
import { specForVersion } from './version-filter.js';

export const LIMITS = {
  /** Largest request body forwarded (tarballs for image loads and builds included). */
  bodyBytes: Number(process.env.MOCK_MAX_BODY_BYTES ?? 64 * 1024 * 1024),
  /** Largest refusal body read from Prism to reword (they are a few hundred bytes). */
  refusalBytes: 256 * 1024,
  /** Time for a client to send its headers, and its whole request. */
  headersMs: 10_000,
  requestMs: 120_000,
  /** Wait for Prism's response headers. */
  upstreamMs: 30_000,
};

const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

function send(res, status, { body, text, headers = {} }) {
  if (res.headersSent) return void res.destroy();
  const payload = text !== undefined ? text : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': text !== undefined ? 'text/plain; charset=utf-8' : 'application/json',
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

/**
 * Answers a request whose body is not wanted: the connection closes once the answer is out, and
 * what the client is still sending is drained for a moment (closing on unread data would reset
 * the connection before the client reads the answer), then cut off.
 */
const DRAIN_MS = 2000;
function refuse(req, res, status, answer) {
  if (req.complete) return send(res, status, answer);
  send(res, status, { ...answer, headers: { ...answer.headers, Connection: 'close' } });
  res.on('finish', () => {
    req.resume();
    setTimeout(() => req.destroy(), DRAIN_MS).unref();
  });
  return undefined;
}

const tooLarge = (limit) => ({ body: { message: 'Request body too large', details: `The mock accepts at most ${limit} bytes` } });

/** Reads at most `limit` bytes of a stream; undefined when it is longer. */
async function readBounded(stream, limit) {
  const chunks = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

const parseJson = (text, fallback) => {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
};

/** A front server for a Prism mock at `upstream`; `use()` swaps the spec and upstream atomically. */
export function createMockFront({ doc, upstream, prefix = '/api', limits = LIMITS }) {
  let state = { routes: routeTable(doc, prefix), upstream: new URL(upstream) };

  const server = http.createServer((req, res) => {
    const { routes, upstream: target } = state;
    const pathname = (req.url ?? '/').split('?')[0];
    const route = routes.find(req.method ?? 'GET', pathname);

    const refused = credentialProblem(req.headers, route);
    if (refused) return refuse(req, res, refused.status, refused);
    if (Number(req.headers['content-length'] ?? 0) > limits.bodyBytes) return refuse(req, res, 413, tooLarge(limits.bodyBytes));

    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP.has(name)) headers[name] = value;
    const upstreamReq = http.request({
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers,
      timeout: limits.upstreamMs,
    });
    upstreamReq.on('timeout', () => upstreamReq.destroy(new Error(`Prism did not answer within ${limits.upstreamMs} ms`)));
    upstreamReq.on('error', (error) => {
      if (!res.headersSent) send(res, 502, { body: { message: 'The mock server (Prism) did not answer', details: error.message } });
      else if (!res.writableEnded) res.destroy();
    });
    upstreamReq.on('response', async (answer) => {
      upstreamReq.setTimeout(0); // the answer may stream for as long as it needs
      const violations = answer.headers['sl-violations'];
      const problem = /application\/problem\+json/.test(answer.headers['content-type'] ?? '');
      if (!violations && !problem) {
        const out = { ...answer.headers };
        for (const name of HOP) delete out[name];
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
        res.on('close', () => answer.destroy());
        return;
      }
      const raw = await readBounded(answer, limits.refusalBytes).catch(() => undefined);
      const reworded = violations
        ? fromViolations(parseJson(violations, []), route, req.headers)
        : fromProblem(answer.statusCode ?? 500, parseJson(raw?.toString('utf8') ?? '', {}));
      send(res, reworded.status, reworded);
    });

    // The body streams through, counted: past the limit the request is cut off with 413.
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= limits.bodyBytes || res.headersSent) return;
      req.unpipe(upstreamReq);
      upstreamReq.destroy();
      refuse(req, res, 413, tooLarge(limits.bodyBytes));
    });
    req.pipe(upstreamReq);
    // A client that goes away takes its request to Prism with it.
    res.on('close', () => { if (!res.writableFinished) upstreamReq.destroy(); });
  });
  server.headersTimeout = limits.headersMs;
  server.requestTimeout = limits.requestMs;

  return {
    server,
    /** Serves `doc` from the Prism at `upstream` from now on (the old Prism can then be stopped). */
    use(next) {
      state = { routes: routeTable(next.doc, prefix), upstream: new URL(next.upstream) };
    },
  };
}

/**
 * Starts Prism on a free loopback port for `spec` and the front on `port`. `restart(spec)` starts
 * a Prism on the new bundle, switches the front to it, then stops the old one: the mock's URL
 * never stops answering. With `portainerVersion` ("2.39"), the mock serves only what that CE
 * version has (scripts/lib/version-filter.js): its other routes get the router's 404, as there.
 */
export async function startMock({ spec, port = 0, host = '127.0.0.1', prefix = '/api', limits = LIMITS, detached = false, portainerVersion }) {
  const transform = portainerVersion === undefined ? (doc) => doc : forVersion(portainerVersion);
  const launch = async (file) => {
    const doc = transform(JSON.parse(await fs.readFile(file, 'utf8')));
    const prism = await startPrism({ spec: file, prefix, detached, transform });
    return { doc, prism };
  };
  let current = await launch(spec);
  const front = createMockFront({ doc: current.doc, upstream: current.prism.url, prefix, limits });
  try {
    await new Promise((resolve, reject) => front.server.once('error', reject).listen(port, host, resolve));
  } catch (error) {
    await current.prism.stop();
    throw error;
  }
  const { port: listening } = front.server.address();
  const reachable = ['0.0.0.0', '::', ''].includes(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let stopped = false;
  return {
    url: `http://${reachable}:${listening}`,
    port: listening,
    /** The Prism process behind the front, for supervision. */
    prism: () => current.prism,
    async restart(nextSpec) {
      const next = await launch(nextSpec);
      const old = current;
      current = next;
      front.use({ doc: next.doc, upstream: next.prism.url });
      await old.prism.stop();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      front.server.closeAllConnections();
      await Promise.all([new Promise((resolve) => front.server.close(resolve)), current.prism.stop()]);
    },
  };
}

/** The transform to one described version's view of a bundle; refuses a version it does not describe. */
function forVersion(version) {
  return (doc) => {
    const problem = undescribedVersion(doc, version);
    if (problem) throw new Error(problem);
    return specForVersion(doc, version);
  };
}
