// Serves the docs page (one file) at `/`. In dev mode (npm run dev) it also tells open pages to
// reload when a new build is in: the page it serves then carries a small script listening on
// /__dev/events (server-sent events), and its CSP lets it connect there. The built file on disk
// keeps its strict CSP; only what this server sends in dev mode differs.
import fs from 'node:fs';
import http from 'node:http';

const EVENTS = '/__dev/events';
const MAX_LISTENERS = 32;
const HEARTBEAT_MS = 20_000;

/** Reloads on `reload`; shows a failed build's message (the page stays the last good one). */
const RELOAD_SCRIPT = `<script>(() => {
  const events = new EventSource('${EVENTS}');
  events.addEventListener('reload', () => location.reload());
  events.addEventListener('failed', (e) => {
    let note = document.getElementById('dev-build-failed');
    if (!note) {
      note = document.createElement('pre');
      note.id = 'dev-build-failed';
      note.style.cssText = 'position:fixed;bottom:0;left:0;right:0;max-height:40vh;overflow:auto;margin:0;padding:8px 12px;background:#fff0f0;color:#8b0000;border-top:2px solid #b00020;font:12px monospace;z-index:99999;white-space:pre-wrap';
      document.body.appendChild(note);
    }
    note.textContent = 'Build failed; this is the last good build.\\n' + JSON.parse(e.data);
  });
})();</script>`;

/** The page as dev mode serves it: the reload script in, and connections back to this server allowed. */
export function devPage(html) {
  const csp = "connect-src 'none'";
  const end = html.lastIndexOf('</body>'); // the renderer's code holds the text too
  if (!html.includes(csp) || end < 0) throw new Error("docs: the page's CSP or </body> is not where dev mode expects them");
  const page = `${html.slice(0, end)}${RELOAD_SCRIPT}\n${html.slice(end)}`;
  return page.replace(csp, () => "connect-src 'self'");
}

/**
 * @param {{ file: string, dev?: boolean }} options
 * `load()` reads the page again (after a build); `notify(event, data)` tells open pages.
 */
export function createDocsServer({ file, dev = false }) {
  let page;
  const load = () => {
    const html = fs.readFileSync(file, 'utf8');
    page = Buffer.from(dev ? devPage(html) : html);
  };
  load();
  const listeners = new Set();

  const server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end('Method not allowed\n');
    }
    if (url === '/' || url === '/index.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': page.length, 'Cache-Control': 'no-cache' });
      return res.end(req.method === 'HEAD' ? undefined : page);
    }
    if (dev && url === EVENTS) {
      if (listeners.size >= MAX_LISTENERS) {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
        return res.end('Too many open pages\n');
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      listeners.add(res);
      const beat = setInterval(() => res.write(': beat\n\n'), HEARTBEAT_MS);
      res.on('close', () => {
        clearInterval(beat);
        listeners.delete(res);
      });
      return undefined;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    return res.end('Not found: the docs are a single page at /\n');
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  return {
    server,
    load,
    notify(event, data = '') {
      for (const res of listeners) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    listen(port, host) {
      return new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
    },
    close() {
      for (const res of listeners) res.end();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
