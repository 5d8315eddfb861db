// One rebuild of npm run dev, after an edit: lint the documents the edit touched and bundle (side by
// side, the bundle into a scratch folder); only if both are clean does anything change: the bundles
// go to generated/, then the types, the docs page and the mock are rebuilt from them, side by side.
// A failure leaves generated/, the page and the mock as they were (the last good build).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeBundles } from './bundle.js';
import { buildDocs } from './docs-build.js';
import { formatFinding, lintSources } from './findings.js';
import { at, docsFile, generatedDir, generatedFiles } from './paths.js';
import { DOCS_INPUTS, outputStamp } from './stamps.js';
import { writeTypes } from './types.js';

/** Which source documents an edited file belongs to (code samples serve both). */
export function documentsOf(files) {
  const docs = new Set();
  for (const file of files) {
    const rel = path.relative(at('openapi'), file);
    if (rel.startsWith('docker')) docs.add('docker');
    else if (rel.startsWith('code-samples')) docs.add('portainer').add('docker');
    else if (!rel.startsWith('..')) docs.add('portainer');
  }
  return [...docs];
}

/** The bundle's error, cut to its findings (Redocly's codeframes name file:line:col). */
const bundleProblem = (error) => String(error.message ?? error).split('\n').filter((l) => /\.ya?ml:\d+:\d+|Failed|Can't resolve|Error/.test(l)).slice(0, 20).join('\n');

const LINT_FAILED = (error) => [{ file: 'lint', line: 0, col: 0, severity: 'error', rule: 'lint-failed', message: error.message }];
const blocking = (findings) => findings.filter((f) => f.severity === 'error' || f.severity === 'warn');

/**
 * @param {{ changed: string[], full?: boolean, onDocs?: () => void, restartMock?: (bundle: string) => Promise<void>, log?: (line: string) => void }} options
 * Resolves `{ ok, problems, ms }`; `onDocs` is called as soon as the new page is in place.
 */
export async function rebuild({ changed, full = false, onDocs, restartMock, log = console.log }) {
  const started = Date.now();
  const took = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const documents = full ? ['portainer', 'docker'] : documentsOf(changed);
  const onlyDocs = documents.length === 0; // the docs template changed, not the spec
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'portainer-openapi-dev-'));
  const failed = (problems) => ({ ok: false, problems, ms: Date.now() - started });
  try {
    let lint = Promise.resolve([]);
    if (!onlyDocs) {
      log(`dev: linting ${documents.join(' and ')} and bundling…`);
      lint = lintSources(documents).catch(LINT_FAILED);
      const bundleError = await writeBundles(scratch).then(() => null, (error) => error);
      if (bundleError) {
        const errors = blocking(await lint);
        return failed(errors.length ? errors.map(formatFinding) : [bundleProblem(bundleError)]);
      }
    }
    // The page is rendered from the new bundle while the lint runs; nothing is published before
    // the lint is clean.
    const page = path.join(scratch, 'index.html');
    const from = path.join(onlyDocs ? generatedDir : scratch, generatedFiles.portainerBundle);
    const rendering = buildDocs({ input: from, output: page }).then(() => null, (error) => error);
    const errors = blocking(await lint);
    if (errors.length) {
      await rendering;
      return failed(errors.map(formatFinding));
    }
    if (!onlyDocs) {
      for (const file of [generatedFiles.portainerBundle, generatedFiles.dockerBundle, generatedFiles.portainerChanges, generatedFiles.stamp]) {
        await fs.copyFile(path.join(scratch, file), path.join(generatedDir, file));
      }
      log(`dev: lint clean, generated/ bundles written (${took()})`);
    }
    const bundle = path.join(generatedDir, generatedFiles.portainerBundle);
    const mock = !onlyDocs && restartMock ? restartMock(bundle) : undefined;
    const problems = [];
    const renderError = await rendering;
    if (renderError) problems.push(`docs: ${renderError.message}`);
    else {
      const stamp = outputStamp(path.dirname(docsFile), DOCS_INPUTS);
      await fs.mkdir(path.dirname(docsFile), { recursive: true });
      await fs.copyFile(page, docsFile);
      stamp.record();
      log(`dev: docs page rebuilt (${took()})`);
      onDocs?.();
    }
    // The types last: the page is what the author waits for.
    const rest = await Promise.allSettled([mock, onlyDocs ? undefined : writeTypes(generatedDir, generatedDir)]);
    problems.push(...rest.filter((r) => r.status === 'rejected').map((r) => String(r.reason?.message ?? r.reason)));
    return { ok: problems.length === 0, problems, ms: Date.now() - started };
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
