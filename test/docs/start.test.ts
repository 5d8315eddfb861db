// `npm start` as a newcomer runs it, on a fresh copy of the working tree (no dist/, so it must
// build the docs and the client itself; generated/ is current by content, whatever the file times
// say, so it is not rebuilt): it prints the banner README.md quotes, serves the docs (links work in
// a new tab) and a mock of the whole Portainer API on the ports given, the mock URL it prints
// answers, the one-line client example it prints works against that mock, a second start on a busy
// port stops with a clear message (no stack trace). SIGTERM or SIGINT sent to the npm process
// alone (a supervisor, `docker stop`) stops both servers, as Ctrl-C does, and frees both ports; a
// second start builds nothing.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { cannotListen, freePort } from '../../scripts/lib/ports.js';
import { launch } from './browser.js';
import { cleanUp, copyTree, npm, outputOf, type NpmRun } from './npm-run.js';

const run = promisify(execFile);
const STACK_TRACE = /^\s+at .+\(.+:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;
let clone: string;
let started: NpmRun;
let output = '';
let docsPort: number;
let mockPort: number;
const runs: NpmRun[] = [];

/** `npm start -- …args` in the copy, in its own process group (as a terminal runs it). */
function npmStart(args: string[]) {
  const one = npm(clone, ['start', '--', ...args]);
  runs.push(one);
  return one;
}

beforeAll(async () => {
  clone = copyTree('start');
  expect(fs.existsSync(path.join(clone, 'dist'))).toBe(false);
  // A checkout dates files as it writes them: make every source newer than generated/, which a
  // decision by file times would take for a spec changed since the last build.
  const older = new Date(Date.now() - 3600_000);
  for (const f of fs.readdirSync(path.join(clone, 'generated'))) fs.utimesSync(path.join(clone, 'generated', f), older, older);

  docsPort = await freePort();
  mockPort = await freePort();
  started = npmStart(['--docs-port', String(docsPort), '--mock-port', String(mockPort)]);
  output = await outputOf(started, 'Press Ctrl-C to stop.', 400_000);
}, 420_000);

afterAll(async () => {
  for (const one of runs) await cleanUp(one);
  if (clone) fs.rmSync(clone, { recursive: true, force: true });
});

describe('npm start', () => {
  it('built the docs and the client it needed, and not generated/, which is current by content', () => {
    expect(output).not.toContain('generated/ is not current');
    expect(output).not.toMatch(/wrote generated\/|== redocly lint/); // no lint, bundle or types step ran
    expect(output).toContain('start: building the docs…');
    expect(output).toContain('start: compiling the client…');
    expect(fs.existsSync(path.join(clone, 'dist/docs/index.html'))).toBe(true);
    expect(fs.existsSync(path.join(clone, 'dist/src/index.js'))).toBe(true);
  });

  it('prints exactly what the README quick start shows, for the ports given', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const quoted = /<!-- npm-start:begin -->\n```text\n([\s\S]*?)\n```\n<!-- npm-start:end -->/.exec(readme)?.[1];
    expect(quoted, 'the README quotes the banner between npm-start markers').toBeDefined();
    expect(quoted).toContain('127.0.0.1:8080');
    expect(quoted).toContain('127.0.0.1:4010');
    const expected = quoted!.replaceAll(':8080', `:${docsPort}`).replaceAll(':4010', `:${mockPort}`);
    expect(output).toContain(`\n${expected}\n`);
  });

  it('serves the docs page', async () => {
    const page = await fetch(`http://127.0.0.1:${docsPort}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>Portainer CE API and Docker Engine API (portainer-openapi)</title>');
    expect((await fetch(`http://127.0.0.1:${docsPort}/nope`)).status).toBe(404);
  });

  it('serves a mock of the Portainer API, Docker passthrough included, that checks credentials', async () => {
    const headers = { 'X-API-Key': 'ptr_example' };
    const environments = await fetch(`http://127.0.0.1:${mockPort}/api/endpoints`, { headers });
    expect(environments.status).toBe(200);
    expect(Array.isArray(await environments.json())).toBe(true);
    const containers = await fetch(`http://127.0.0.1:${mockPort}/api/endpoints/1/docker/containers/json?all=true`, { headers });
    expect(containers.status).toBe(200);
    expect((await containers.json())[0]).toHaveProperty('Id');
    expect((await fetch(`http://127.0.0.1:${mockPort}/api/endpoints`)).status).toBe(401);
  });

  it('prints a mock URL that answers', async () => {
    const printed = /^ {2}Mock: {2}(\S+)/m.exec(output)?.[1];
    expect(printed).toBe(`http://127.0.0.1:${mockPort}/api/status`);
    const response = await fetch(printed!);
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveProperty('Version');
  });

  it('serves docs whose links work opened in a new tab', async () => {
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`http://127.0.0.1:${docsPort}/`);
      await page.getByTestId('menu-item-label').first().waitFor({ timeout: 60_000 });
      const hrefs: string[] = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')!));
      expect(hrefs.filter((h) => h.startsWith('/'))).toEqual([]);
      const copied = new URL(hrefs.find((h) => h === '#/section/errors')!, page.url()).href;
      const tab = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await tab.goto(copied);
      await expect.poll(() => tab.locator('[id="section/errors"]').evaluate((e) => e.getBoundingClientRect().top), { timeout: 30_000 }).toBeLessThan(250);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('prints a one-line client example that works against the mock', async () => {
    const line = output.split('\n').find((l) => l.startsWith('  node --input-type=module -e '));
    expect(line).toBeDefined();
    expect(line).toContain(`url: 'http://127.0.0.1:${mockPort}'`);
    const { stdout } = await run('sh', ['-c', line!.trim()], { cwd: clone, timeout: 60_000 });
    expect(stdout.trim()).toBe("[ 'local' ]");
  });

  it('refuses a busy port with a clear message and no stack trace', async () => {
    const other = await freePort();
    for (const [args, name, port, flag] of [
      [['--docs-port', String(docsPort), '--mock-port', String(other)], 'docs', docsPort, '--docs-port'],
      [['--docs-port', String(other), '--mock-port', String(mockPort)], 'mock', mockPort, '--mock-port'],
    ] as const) {
      const second = npmStart([...args]);
      const { code } = await second.done;
      expect(code, second.output()).not.toBe(0);
      expect(second.output()).toContain(`start: port ${port} on 127.0.0.1 (for the ${name}) is already in use; stop what is using it, or choose another port with ${flag}`);
      expect(second.output()).not.toMatch(STACK_TRACE);
      expect(second.output()).not.toContain('Error:');
    }
  }, 120_000);

  it('stops both servers on SIGTERM to the npm process alone, and frees the ports', async () => {
    process.kill(started.proc.pid!, 'SIGTERM'); // what a supervisor or `docker stop` sends: npm only
    await stopped(started, 'start: SIGTERM; stopping the docs server and the mock…\nstart: stopped\n');
  }, 60_000);

  it('starts again without building anything, and stops on SIGINT to the npm process alone', async () => {
    const again = npmStart(['--docs-port', String(docsPort), '--mock-port', String(mockPort)]);
    await outputOf(again, 'Press Ctrl-C to stop.', 120_000);
    expect(again.output()).not.toMatch(/start: (generated|building|compiling)/);
    process.kill(again.proc.pid!, 'SIGINT');
    await stopped(again, 'start: Ctrl-C; stopping the docs server and the mock…\nstart: stopped\n');
  }, 180_000);

  it('stops both servers on Ctrl-C and frees the ports', async () => {
    const again = npmStart(['--docs-port', String(docsPort), '--mock-port', String(mockPort)]);
    await outputOf(again, 'Press Ctrl-C to stop.', 120_000);
    process.kill(-again.proc.pid!, 'SIGINT'); // what a terminal sends: the whole foreground group
    await stopped(again, 'start: Ctrl-C; stopping the docs server and the mock…\nstart: stopped\n');
  }, 180_000);
});

/** Waits for npm start to end; both servers stopped, said so, and freed their ports. */
async function stopped(one: NpmRun, said: string) {
  const { code, signal } = await Promise.race([
    one.done,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`npm start did not stop within 30 s:\n${one.output()}`)), 30_000)),
  ]);
  // npm ends as an interrupted command does (0, 130 or 143, or by the signal); start.js has
  // stopped both servers, which it says, and freed their ports (checked below, with a bound).
  expect(code === 0 || code === 130 || code === 143 || signal !== null, `exit ${code} ${signal}`).toBe(true);
  const deadline = Date.now() + 20_000;
  while (!one.output().includes(said) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const all = one.output();
  expect(all).toContain(said);
  expect(all).not.toMatch(STACK_TRACE);
  expect(all).not.toContain('stopped unexpectedly');
  for (const port of [docsPort, mockPort]) {
    while ((await cannotListen(port, '127.0.0.1')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await cannotListen(port, '127.0.0.1'), `port ${port}`).toBeNull();
  }
}
