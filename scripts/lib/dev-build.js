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

/**
 * @param {{ changed: string[], full?: boolean, onDocs?: () => void, restartMock?: (bundle: string) => Promise<void>, log?: (line: string) => void }} options
 * Resolves `{ ok, problems, ms }`; `onDocs` is called as soon as the new page is in place.
 */
export async function rebuild({ changed, full = false, onDocs, restartMock, log = console.log }) {
  const started = Date.now();
  const documents = full ? ['portainer', 'docker'] : documentsOf(changed);
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'portainer-openapi-dev-'));
  try {
    const onlyDocs = documents.length === 0; // the template changed, not the spec
    if (!onlyDocs) {
      log(`dev: linting ${documents.join(' and ')} and bundling…`);
      const [findings, bundled] = await Promise.all([
        lintSources(documents).catch((error) => [{ file: 'lint', line: 0, col: 0, severity: 'error', rule: 'lint-failed', message: error.message }]),
        writeBundles(scratch).then(() => null, (error) => error),
      ]);
      const errors = findings.filter((f) => f.severity === 'error' || f.severity === 'warn');
      if (errors.length || bundled) {
        const problems = errors.length ? errors.map(formatFinding) : [bundleProblem(bundled)];
        return { ok: false, problems, ms: Date.now() - started };
      }
      for (const file of [generatedFiles.portainerBundle, generatedFiles.dockerBundle, generatedFiles.stamp]) {
        await fs.copyFile(path.join(scratch, file), path.join(generatedDir, file));
      }
    }
    const bundle = path.join(generatedDir, generatedFiles.portainerBundle);
    const stamp = outputStamp(path.dirname(docsFile), DOCS_INPUTS);
    const inputs = stamp.digest();
    const page = path.join(scratch, 'index.html');
    const docs = buildDocs({ input: bundle, output: page }).then(async () => {
      await fs.mkdir(path.dirname(docsFile), { recursive: true });
      await fs.copyFile(page, docsFile);
      stamp.record(inputs);
      onDocs?.();
    });
    // The page first (it is what the author waits for), with the mock; the types once the page is in.
    const jobs = [docs.finally(() => (onlyDocs ? undefined : writeTypes(generatedDir, generatedDir)))];
    if (!onlyDocs && restartMock) jobs.push(restartMock(bundle));
    const results = await Promise.allSettled(jobs);
    const failed = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason?.message ?? r.reason));
    return { ok: failed.length === 0, problems: failed, ms: Date.now() - started };
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
