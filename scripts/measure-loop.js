// node scripts/measure-loop.js [--edits 5]: measures, on fresh copies of the tree, how long
// `npm start` takes to serve (cold: no dist/; warm: a second start) and how long an edit takes to
// reach the open docs page under `npm run dev` (a summary changed on disk, until headless Chromium
// shows it): the figures README.md quotes. A measurement, not a test: it asserts nothing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { freePort } from './lib/ports.js';
import { copyTree } from './lib/tree-copy.js';

const { values } = parseArgs({ options: { edits: { type: 'string' } } });
const EDITS = Number(values.edits ?? 5);
const STATUS = 'openapi/paths/system/status.yaml';
const SUMMARY = /summary: .*/;
const WAIT_MS = 600_000;

function npm(cwd, args) {
  const proc = spawn('npm', args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (c) => { output += c; });
  proc.stderr.on('data', (c) => { output += c; });
  return { proc, output: () => output };
}

/** Waits until the run's output, from offset `from` on, holds `text`. */
async function until(run, text, { ms = WAIT_MS, from = 0 } = {}) {
  const deadline = Date.now() + ms;
  while (!run.output().slice(from).includes(text)) {
    if (Date.now() > deadline || run.proc.exitCode !== null) throw new Error(`no "${text}" within ${ms} ms:\n${run.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(run) {
  try { process.kill(-run.proc.pid, 'SIGTERM'); } catch { /* gone */ }
  const deadline = Date.now() + 20_000;
  const alive = () => { try { process.kill(-run.proc.pid, 0); return true; } catch { return false; } };
  while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (alive()) process.kill(-run.proc.pid, 'SIGKILL');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms) => Number((ms / 1000).toFixed(1));

async function startTimes() {
  const copy = copyTree('measure-start');
  try {
    const times = [];
    for (const kind of ['cold', 'warm']) {
      const ports = ['--docs-port', String(await freePort()), '--mock-port', String(await freePort())];
      const t0 = Date.now();
      const run = npm(copy, ['start', '--', ...ports]);
      await until(run, 'Press Ctrl-C to stop.');
      times.push([kind, Date.now() - t0]);
      await stop(run);
    }
    return Object.fromEntries(times);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

async function editToBrowser() {
  const copy = copyTree('measure-dev');
  const docsPort = await freePort();
  const run = npm(copy, ['run', 'dev', '--', '--docs-port', String(docsPort), '--mock-port', String(await freePort())]);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    await until(run, 'Press Ctrl-C to stop.');
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`http://127.0.0.1:${docsPort}/#/system/statusinspect`);
    await page.getByTestId('menu-item-label').first().waitFor({ timeout: 60_000 });
    const file = path.join(copy, STATUS);
    const times = [];
    for (let i = 1; i <= EDITS; i++) {
      const summary = `Show the server version (edit ${i})`;
      const from = run.output().length;
      const t0 = Date.now();
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(SUMMARY, `summary: ${summary}`));
      await page.waitForFunction((text) => [...document.querySelectorAll('h1, h2')].some((h) => h.textContent.includes(text)), summary, { timeout: WAIT_MS });
      times.push(Date.now() - t0);
      await until(run, 'rebuilt in', { from }); // the whole rebuild is over before the next edit
    }
    return times;
  } finally {
    await browser.close();
    await stop(run);
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

const started = await startTimes();
const edits = await editToBrowser();
const result = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
  startColdSeconds: seconds(started.cold),
  startWarmSeconds: seconds(started.warm),
  editToBrowserSeconds: edits.map(seconds),
  editToBrowserMedianSeconds: seconds(median(edits)),
};
console.log(JSON.stringify(result, null, 2));
