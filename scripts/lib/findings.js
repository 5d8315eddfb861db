// Lint findings of the sources as `file:line:col severity rule message` lines: Redocly and Spectral
// (the house rules) on one or both documents, run side by side. Used by npm run dev, which re-lints
// the documents an edit touched; npm run lint runs everything (Spectral on the bundles too).
import path from 'node:path';
import { bin, root, sources } from './paths.js';
import { run } from './run.js';

const LINT_TIMEOUT_MS = 120_000;
const rel = (file) => (path.isAbsolute(file) ? path.relative(root, file) : file);
const SPECTRAL_RULESETS = { portainer: 'spectral/portainer-sources.js', docker: 'spectral/docker-sources.js' };

function parse(stdout, tool) {
  const start = stdout.indexOf(tool === 'redocly' ? '{' : '[');
  if (start < 0) throw new Error(`${tool} gave no findings report:\n${stdout.slice(-2000)}`);
  return JSON.parse(stdout.slice(start));
}

async function redocly(api) {
  const { code, stdout, output } = await run(bin('redocly'), ['lint', api, '--format', 'json'], { cwd: root, quiet: true, timeoutMs: LINT_TIMEOUT_MS });
  if (code === 124) throw new Error(output);
  return parse(stdout, 'redocly').problems.map((p) => {
    const at = p.location?.[0] ?? {};
    return { file: rel(at.source?.ref ?? api), line: at.start?.line ?? 1, col: at.start?.col ?? 1, severity: p.severity, rule: p.ruleId, message: p.message };
  });
}

async function spectral(api) {
  const { code, stdout, output } = await run(bin('spectral'), [
    'lint', rel(sources[api]), '--ruleset', SPECTRAL_RULESETS[api], '--resolver', 'spectral/resolver.cjs', '--format', 'json', '--quiet',
  ], { cwd: root, quiet: true, timeoutMs: LINT_TIMEOUT_MS });
  if (code === 124) throw new Error(output);
  if (!stdout.trim()) return [];
  const SEVERITY = ['error', 'warn', 'info', 'hint'];
  return parse(stdout, 'spectral').filter((f) => f.severity <= 1).map((f) => ({
    file: rel(f.source ?? sources[api]),
    line: (f.range?.start?.line ?? 0) + 1,
    col: (f.range?.start?.character ?? 0) + 1,
    severity: SEVERITY[f.severity],
    rule: f.code,
    message: f.message,
  }));
}

/** The findings of Redocly and Spectral on the source documents named (`portainer`, `docker`). */
export async function lintSources(apis) {
  const all = await Promise.all(apis.flatMap((api) => [redocly(api), spectral(api)]));
  const seen = new Set();
  return all.flat().filter((f) => {
    const key = `${f.file}:${f.line}:${f.rule}`;
    return seen.has(key) ? false : seen.add(key);
  }).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export const formatFinding = (f) => `${f.file}:${f.line}:${f.col}  ${f.severity}  ${f.rule}  ${f.message}`;
