// The package in a web page: the fixture program bundled by esbuild for the browser (so the main
// entry must load no Node built-ins and use no Buffer), served from a loopback server, loaded in
// headless Chromium, calling the Prism mock across origins. The page shows the result; the
// screenshot lands in test-results/consumer-browser.png.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, expect, inject, it } from 'vitest';
import { launch } from '../docs/browser.js';
import { MINUTE } from './run.js';

const { installed, prismUrl } = inject('consumer');
const dir = path.join(installed, 'browser');
const PAGE = '<!doctype html>\n<meta charset="utf-8">\n<title>portainer-openapi in a browser</title>\n<pre id="result">loading…</pre>\n<script type="module" src="main.js"></script>\n';
let browser: Browser | undefined;
let server: http.Server | undefined;

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

it('bundles for the browser, and the page calls the mock and shows the result', { timeout: 3 * MINUTE }, async () => {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.resolve('test/consumer/fixtures/browser.ts'), path.join(dir, 'main.ts'));
  fs.writeFileSync(path.join(dir, 'index.html'), PAGE);
  const result = await build({
    entryPoints: [path.join(dir, 'main.ts')], bundle: true, platform: 'browser', format: 'esm', target: 'es2022',
    outfile: path.join(dir, 'main.js'), logLevel: 'silent',
  }).catch((error: { errors?: { text: string; location?: { file: string; lineText: string } | null }[] }) => {
    throw new Error(`esbuild could not bundle the package for the browser:\n${(error.errors ?? []).map((e) => `  ${e.text} (${e.location?.file}: ${e.location?.lineText.trim()})`).join('\n')}`);
  });
  expect(result.errors).toEqual([]);

  server = http.createServer((req, res) => {
    const name = new URL(req.url!, 'http://localhost').pathname === '/' ? 'index.html' : path.basename(new URL(req.url!, 'http://localhost').pathname);
    const file = path.join(dir, name);
    if (!['index.html', 'main.js'].includes(name) || !fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': name.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/?portainer=${encodeURIComponent(prismUrl)}`;

  browser = await launch();
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // Only the page's server and the mock: anything else the bundle tried to reach is refused and shown.
  await page.route((url) => ![new URL(pageUrl).origin, new URL(prismUrl).origin].includes(url.origin), (route) => {
    problems.push(`unexpected request: ${route.request().url()}`);
    return route.abort();
  });
  await page.goto(pageUrl);
  await page.waitForSelector('#result[data-done]', { timeout: MINUTE });
  fs.mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/consumer-browser.png' });
  const shown = await page.textContent('#result');
  expect(problems).toEqual([]);
  expect(shown, 'the page shows a result, not a failure').toMatch(/^\{/);
  expect(JSON.parse(shown!)).toEqual({
    environments: ['local'],
    registryAuth: Buffer.from('{"registryId":2}').toString('base64'),
    refused: 404,
  });
});
