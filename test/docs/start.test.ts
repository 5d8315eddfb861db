// `npm start` as a newcomer runs it, on a fresh copy of the working tree (no dist/, so it must
// build the docs and the client itself): it prints the banner README.md quotes, serves the docs and
// a Prism mock of the whole Portainer API on the ports given, the one-line client example it prints
// works against that mock, a second start on a busy port stops with a clear message (no stack
// trace), and Ctrl-C stops everything and frees both ports.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { cannotListen, freePort } from '../../scripts/lib/ports.js';

const run = promisify(execFile);
const STACK_TRACE = /^\s+at .+\(.+:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;
let clone: string;
let child: ChildProcess | undefined;
let started: ReturnType<typeof npmStart>;
let output = '';
let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let docsPort: number;
let mockPort: number;

/** Starts `npm start -- …args` in the copy, in its own process group (as a terminal runs it). */
function npmStart(args: string[]) {
  const proc = spawn('npm', ['start', '--', ...args], { cwd: clone, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
  let text = '';
  proc.stdout!.on('data', (c) => { text += c; });
  proc.stderr!.on('data', (c) => { text += c; });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  return { proc, output: () => text, done };
}

beforeAll(async () => {
  // A fresh clone, as far as start can tell: the tracked and new files, node_modules linked in.
  clone = fs.mkdtempSync(path.join(os.tmpdir(), 'portainer-openapi-start-'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    if (file === 'node_modules' || !fs.existsSync(file) || fs.statSync(file).isDirectory()) continue;
    fs.mkdirSync(path.join(clone, path.dirname(file)), { recursive: true });
    fs.copyFileSync(file, path.join(clone, file));
  }
  fs.symlinkSync(path.resolve('node_modules'), path.join(clone, 'node_modules'));
  expect(fs.existsSync(path.join(clone, 'dist'))).toBe(false);

  docsPort = await freePort();
  mockPort = await freePort();
  started = npmStart(['--docs-port', String(docsPort), '--mock-port', String(mockPort)]);
  child = started.proc;
  exit = started.done;
  const deadline = Date.now() + 400_000;
  while (!started.output().includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  output = started.output();
}, 420_000);

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  }
  if (clone) fs.rmSync(clone, { recursive: true, force: true });
});

describe('npm start', () => {
  it('built the docs and the client it needed', () => {
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

  it('stops both servers on Ctrl-C and frees the ports', async () => {
    process.kill(-child!.pid!, 'SIGINT'); // what a terminal sends: the whole foreground group
    const { code, signal } = await Promise.race([
      exit,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('npm start did not stop within 30 s')), 30_000)),
    ]);
    const all = started.output();
    // start.js stops both servers and exits 0 ("start: stopped" comes right before); npm, which
    // the same Ctrl-C interrupted, then ends as an interrupted command does (130, or by SIGINT).
    expect(all).toContain('start: Ctrl-C; stopping the docs server and the mock…\nstart: stopped\n');
    expect(code === 0 || code === 130 || signal === 'SIGINT', `exit ${code} ${signal}`).toBe(true);
    expect(all).not.toMatch(STACK_TRACE);
    expect(all).not.toContain('stopped unexpectedly');
    for (const port of [docsPort, mockPort]) expect(await cannotListen(port, '127.0.0.1'), `port ${port}`).toBeNull();
  }, 60_000);
});
