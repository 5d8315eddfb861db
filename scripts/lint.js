// npm run lint: Redocly (recommended-strict and more) and Spectral (spectral:oas plus the house
// rules in spectral/functions) on the sources, where findings name file and line; then Spectral
// again on a fresh bundle, which is the only place the mounted Docker paths exist; and ESLint's
// regexp analysis on the code, so that no expression can be made to take super-linear time.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeBundles } from './lib/bundle.js';
import { bin, root, sources } from './lib/paths.js';
import { run } from './lib/run.js';

const rel = (file) => path.relative(root, file);
// The resolver reads code samples (`x-codeSamples` sources in openapi/code-samples/) as text.
const spectral = (file, ruleset) =>
  run(bin('spectral'), ['lint', rel(file), '--ruleset', ruleset, '--resolver', 'spectral/resolver.cjs', '--fail-severity', 'warn', '--display-only-failures'], { cwd: root });

const steps = [];
const step = async (name, fn) => {
  console.log(`\n== ${name}`);
  const { code } = await fn();
  steps.push({ name, ok: code === 0 });
};

// No regular expression in the client or the scripts may be super-linear on hostile input.
await step('eslint regexp (src, scripts)', () => run(bin('eslint'), ['--max-warnings', '0', 'src', 'scripts'], { cwd: root }));
await step('redocly lint (sources)', () => run(bin('redocly'), ['lint', '--format', 'stylish'], { cwd: root }));
await step('spectral portainer (sources)', () => spectral(sources.portainer, 'spectral/portainer-sources.js'));
await step('spectral docker (sources)', () => spectral(sources.docker, 'spectral/docker-sources.js'));

const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'portainer-openapi-lint-'));
try {
  let files;
  try {
    files = await writeBundles(scratch);
  } catch (error) {
    console.error(String(error.message ?? error));
    steps.push({ name: 'bundle', ok: false });
  }
  if (files) {
    await step('spectral portainer (bundle, Docker mounted)', () => spectral(files.portainer, 'spectral/portainer.js'));
    await step('spectral docker (bundle)', () => spectral(files.docker, 'spectral/docker.js'));
  }
} finally {
  await fs.rm(scratch, { recursive: true, force: true });
}

const failed = steps.filter((s) => !s.ok);
console.log(`\nlint: ${steps.length - failed.length}/${steps.length} checks clean${failed.length ? `; failed: ${failed.map((s) => s.name).join(', ')}` : ''}`);
process.exitCode = failed.length ? 1 : 0;
