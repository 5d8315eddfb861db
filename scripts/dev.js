// npm run dev [-- --docs-port 8080 --mock-port 4010 --host 127.0.0.1]: the spec author's loop.
// Serves the docs and the mock like npm start, and watches openapi/ (code samples included) and the
// docs template: on each save it re-lints the documents touched and re-bundles, and when both are
// clean writes generated/ (bundles, types), rebuilds the docs page, restarts the mock on the new
// bundle and reloads the open docs pages. A finding or a broken $ref prints as file:line:col and
// changes nothing: the last good build keeps serving.
import fs from 'node:fs';
import path from 'node:path';
import { rebuild } from './lib/dev-build.js';
import { createDocsServer } from './lib/docs-server.js';
import { startMock } from './lib/mock-front.js';
import { at, docsFile, generatedDir, generatedFiles } from './lib/paths.js';
import { cannotListen } from './lib/ports.js';
import { onStopSignal } from './lib/processes.js';
import { bannerFor, portProblem, serveOptions } from './lib/serve.js';
import { DOCS_INPUTS, generatedStale, outputStamp } from './lib/stamps.js';
import { watchTree } from './lib/watch-tree.js';

const DEBOUNCE_MS = 150;
const WATCHED = [at('openapi'), at('scripts', 'docs')];

function fail(message, code = 1) {
  console.error(`dev: ${message}`);
  process.exit(code);
}
const stamp = () => new Date().toTimeString().slice(0, 8);
const log = (line) => console.log(`[${stamp()}] ${line}`);

const options = serveOptions('dev', process.argv.slice(2), fail);
for (const name of ['docs', 'mock']) {
  const reason = await cannotListen(options.ports[name].port, options.host);
  if (reason) fail(portProblem(options, name, reason), 2);
}

let docs;
let mock;
let watcher;
let timer;
// Whenever it comes (during the first build too), a stop signal stops what is running.
onStopSignal(async (signal) => {
  console.log(`\ndev: ${signal === 'SIGINT' ? 'Ctrl-C' : signal}; stopping…`);
  watcher?.close();
  clearTimeout(timer);
  await Promise.all([docs?.close(), mock?.stop()]);
  console.log('dev: stopped');
  process.exit(0);
});

// --- The first build, if anything is not current --------------------------------------------------
const stale = generatedStale();
if (stale || !fs.existsSync(docsFile) || !outputStamp(path.dirname(docsFile), DOCS_INPUTS).current()) {
  log(stale ? `generated/ is not current (${stale}); building…` : 'building the docs…');
  const first = await rebuild({ changed: [], full: Boolean(stale), log });
  if (!first.ok) fail(`the first build failed; fix these and run npm run dev again:\n  ${first.problems.join('\n  ')}`);
}

// --- Serve ---------------------------------------------------------------------------------------
const server = createDocsServer({ file: docsFile, dev: true });
await server.listen(options.ports.docs.port, options.host).catch((error) => fail(portProblem(options, 'docs', error.code === 'EADDRINUSE' ? 'in-use' : error.message), 2));
docs = server;
try {
  mock = await startMock({ spec: path.join(generatedDir, generatedFiles.portainerBundle), port: options.ports.mock.port, host: options.host, detached: true });
} catch (error) {
  await docs.close();
  fail(`the mock did not start: ${error.message.split('\n')[0]}`);
}

// --- Watch and rebuild ---------------------------------------------------------------------------
let pending = new Set();
let building = false;

async function build() {
  if (building || pending.size === 0) return;
  building = true;
  const changed = [...pending];
  pending = new Set();
  log(`changed: ${changed.map((f) => path.relative(at(), f)).join(', ')}`);
  try {
    const result = await rebuild({
      changed,
      log,
      restartMock: (bundle) => mock.restart(bundle),
      onDocs: () => {
        docs.load();
        docs.notify('reload');
      },
    });
    if (result.ok) log(`rebuilt in ${(result.ms / 1000).toFixed(1)} s: generated/, the docs page and the mock are current`);
    else {
      const report = result.problems.join('\n');
      console.error(`[${stamp()}] build failed; the last good build keeps serving:\n${report}`);
      docs.notify('failed', report);
    }
  } catch (error) {
    console.error(`[${stamp()}] build failed; the last good build keeps serving:\n${error.message}`);
  } finally {
    building = false;
    if (pending.size) schedule();
  }
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(build, DEBOUNCE_MS);
}

watcher = watchTree(WATCHED, (file) => {
  pending.add(file);
  schedule();
});

console.log(bannerFor(options, {
  title: 'portainer-openapi dev mode is running: edits to openapi/ rebuild generated/, the docs and the mock.',
  stopHint: 'Open the docs; they reload after each good build. Press Ctrl-C to stop.',
}));
