// A loopback HTTP proxy in front of the Prism mock, for tests that run code which makes its own
// client (the examples): it records every request as it went on the wire, and can replace the body
// of a response Prism accepted (a mock cannot invent a real multiplexed log stream or a failed
// pull's progress). Prism still validates every request: a 422 passes through untouched.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The status Prism answered with. */
  status: number;
}

export interface Substitute {
  contentType: string;
  body: Uint8Array | string;
}

export interface MockProxy {
  url: string;
  exchanges: Exchange[];
  /** Replace the body of 2xx answers to requests that `match`, until cleared. */
  substitute(match: (exchange: Exchange) => boolean, with_: Substitute): void;
  clear(): void;
  close(): Promise<void>;
}

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'host']);

export async function startMockProxy(target: string): Promise<MockProxy> {
  const exchanges: Exchange[] = [];
  let rules: { match: (e: Exchange) => boolean; with_: Substitute }[] = [];
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined && !HOP.has(name)) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const answer = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers,
        ...(body.length ? { body } : {}),
        signal: AbortSignal.timeout(20_000),
      });
      const exchange: Exchange = { method: req.method!, url: req.url!, headers: req.headers, body, status: answer.status };
      exchanges.push(exchange);
      const rule = answer.ok ? rules.find((r) => r.match(exchange)) : undefined;
      const out = Buffer.from(rule ? rule.with_.body : new Uint8Array(await answer.arrayBuffer()));
      const outHeaders: Record<string, string> = {};
      answer.headers.forEach((value, name) => { if (!HOP.has(name)) outHeaders[name] = value; });
      if (rule) outHeaders['content-type'] = rule.with_.contentType;
      outHeaders['content-length'] = String(out.length);
      res.writeHead(answer.status, outHeaders);
      res.end(out);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`mock proxy: ${String(error)}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    substitute(match, with_) {
      rules.push({ match, with_ });
    },
    clear() {
      rules = [];
      exchanges.length = 0;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
