// `npm run dev` on a fresh copy of the tree, with the served docs open in Chromium: an edit to an
// operation's summary reaches the open page (it reloads by itself), generated/ (bundle and types)
// and the mock; a broken edit (a $ref to no file, an operationId that breaks a house rule), saved
// the way many editors save (a new file renamed over the old one), prints each problem as
// file:line:col, shows it on the open page, and changes nothing: the page, the mock and generated/
// stay the last good build; the next save, which fixes it, is seen and published. SIGTERM to npm
// stops everything.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { cannotListen, freePort } from '../../scripts/lib/ports.js';
import { launch } from './browser.js';
import { cleanUp, copyTree, npm, outputOf, type NpmRun } from './npm-run.js';

const STATUS = 'openapi/paths/system/status.yaml';
const BEFORE = 'summary: Show the server version (deprecated path)';
const EDITED = 'Show the server version, edited in dev mode';
const REBUILD_MS = 300_000;

let copy: string;
let dev: NpmRun;
let browser: Browser;
let page: Page;
let docsPort: number;
let mockPort: number;
const reloads: string[] = [];
const read = (file: string) => fs.readFileSync(path.join(copy, file), 'utf8');
const write = (file: string, text: string) => fs.writeFileSync(path.join(copy, file), text);
const headings = () => page.evaluate(() => [...document.querySelectorAll('h1, h2')].map((h) => (h as HTMLElement).innerText));

beforeAll(async () => {
  copy = copyTree('dev');
  expect(read(STATUS)).toContain(BEFORE);
  docsPort = await freePort();
  mockPort = await freePort();
  dev = npm(copy, ['run', 'dev', '--', '--docs-port', String(docsPort), '--mock-port', String(mockPort)]);
  await outputOf(dev, 'Press Ctrl-C to stop.', 400_000);
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('load', () => reloads.push(new Date().toISOString()));
  await page.goto(`http://127.0.0.1:${docsPort}/#/system/statusinspect`);
  await page.getByTestId('menu-item-label').first().waitFor({ timeout: 60_000 });
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await cleanUp(dev);
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

describe('npm run dev', () => {
  it('serves the docs with the reload script, and the file on disk without it', async () => {
    const served = await (await fetch(`http://127.0.0.1:${docsPort}/`)).text();
    expect(served).toContain("new EventSource('/__dev/events')");
    expect(served).toContain("connect-src 'self'");
    const built = read('dist/docs/index.html');
    expect(built).not.toContain('/__dev/events');
    expect(built).toContain("connect-src 'none'");
    expect((await headings()).some((h) => h.startsWith('Show the server version (deprecated path)'))).toBe(true);
  });

  it('carries an edit to the open page, to generated/ and to the mock', async () => {
    const from = dev.output().length;
    const loadsBefore = reloads.length;
    write(STATUS, read(STATUS).replace(BEFORE, `summary: ${EDITED}`));
    await page.waitForFunction((text) => [...document.querySelectorAll('h1, h2')].some((h) => h.textContent?.includes(text)), EDITED, { timeout: REBUILD_MS });
    expect(reloads.length).toBeGreaterThan(loadsBefore); // the page reloaded by itself
    expect(page.url()).toMatch(/#\/system\/statusinspect$/);
    await outputOf(dev, /rebuilt in [\d.]+ s/, REBUILD_MS, from);
    const bundle = JSON.parse(read('generated/portainer.openapi.json'));
    expect(bundle.paths['/status'].get.summary).toBe(EDITED);
    expect(read('generated/portainer.ts')).toContain(EDITED);
    const status = await fetch(`http://127.0.0.1:${mockPort}/api/status`);
    expect(status.status).toBe(200);
  }, REBUILD_MS + 60_000);

  it('prints a broken edit as file:line:col, shows it on the page, and keeps the last good build', async () => {
    const from = dev.output().length;
    const bundleBefore = read('generated/portainer.openapi.json');
    const typesBefore = read('generated/portainer.ts');
    const good = read(STATUS);
    const broken = good
      .replace('$ref: ../../components/schemas/SystemStatus.yaml', '$ref: ../../components/schemas/NoSuchSchema.yaml')
      .replace('operationId: StatusInspect', 'operationId: statusInspect');
    expect(broken).not.toBe(good);
    // Saved atomically, as editors do: a new file renamed over the old one.
    write(`${STATUS}.new`, broken);
    fs.renameSync(path.join(copy, `${STATUS}.new`), path.join(copy, STATUS));
    const out = (await outputOf(dev, 'the last good build keeps serving', REBUILD_MS, from)).slice(from);
    const refLine = broken.split('\n').findIndex((l) => l.includes('NoSuchSchema')) + 1;
    const idLine = broken.split('\n').findIndex((l) => l.includes('statusInspect')) + 1;
    expect(out).toMatch(new RegExp(`${STATUS}:${refLine}:\\d+ +error +no-unresolved-refs`));
    expect(out).toMatch(new RegExp(`${STATUS}:${idLine}:\\d+ +error +operation-id-pascal-case`));
    // The open page says so, and still shows the last good build.
    await expect.poll(() => page.locator('#dev-build-failed').textContent().catch(() => ''), { timeout: 20_000 }).toContain(`${STATUS}:${refLine}:`);
    expect((await headings()).some((h) => h.includes(EDITED))).toBe(true);
    // Nothing changed: generated/, and the mock, which still answers from the last good bundle.
    expect(read('generated/portainer.openapi.json')).toBe(bundleBefore);
    expect(read('generated/portainer.ts')).toBe(typesBefore);
    expect((await fetch(`http://127.0.0.1:${mockPort}/api/status`)).status).toBe(200);
    const served = await (await fetch(`http://127.0.0.1:${docsPort}/`)).text();
    expect(served).toContain(EDITED);
    expect(served).not.toContain('NoSuchSchema');
  }, REBUILD_MS + 60_000);

  it('sees the next save after an atomic one, and publishes the fix', async () => {
    const from = dev.output().length;
    const fixed = read(STATUS).replace('NoSuchSchema', 'SystemStatus').replace('operationId: statusInspect', 'operationId: StatusInspect')
      .replace(`summary: ${EDITED}`, `summary: ${EDITED}, then fixed`);
    write(STATUS, fixed);
    await page.waitForFunction((text) => [...document.querySelectorAll('h1, h2')].some((h) => h.textContent?.includes(text)), `${EDITED}, then fixed`, { timeout: REBUILD_MS });
    await outputOf(dev, /rebuilt in [\d.]+ s/, REBUILD_MS, from);
    expect(JSON.parse(read('generated/portainer.openapi.json')).paths['/status'].get.summary).toBe(`${EDITED}, then fixed`);
    await expect.poll(() => page.locator('#dev-build-failed').count()).toBe(0); // the reload cleared the note
  }, REBUILD_MS + 60_000);

  it('stops on SIGTERM to npm, and frees both ports', async () => {
    process.kill(dev.proc.pid!, 'SIGTERM');
    // npm ends at once; the script, which got the signal from it, reports on the same output.
    const deadline = Date.now() + 30_000;
    while (!dev.output().includes('dev: stopped') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(dev.output()).toContain('dev: SIGTERM; stopping…\ndev: stopped');
    for (const port of [docsPort, mockPort]) {
      while ((await cannotListen(port, '127.0.0.1')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await cannotListen(port, '127.0.0.1'), `port ${port}`).toBeNull();
    }
  }, 90_000);
});
