// Whether a build output is current, decided by content, not file times (a fresh clone has every
// file dated from the checkout). Each output records a digest of what it was built from:
// - generated/build-inputs.json (committed): `sources`, the digest of the spec and the pipeline
//   code, written by the bundle step; `outputs`, the digest of the bundles and types, written by
//   the types step. generated/ is current when both still match.
// - dist/docs/.inputs and dist/src/.inputs (not committed): the digest of what the docs page and
//   the compiled client were built from.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { at, generatedFiles, root } from './paths.js';

// Notes for people (openapi/README.md) are not build inputs.
const NOT_INPUT = /\.md$/;

/** Every file under `entries` (files or folders, relative to `base`), sorted; notes left out. */
function filesOf(entries, base) {
  const out = [];
  for (const entry of entries) {
    const full = path.join(base, entry);
    if (!fs.existsSync(full)) continue;
    if (fs.statSync(full).isFile()) {
      out.push(full);
      continue;
    }
    for (const e of fs.readdirSync(full, { recursive: true, withFileTypes: true })) {
      if (e.isFile()) out.push(path.join(e.parentPath ?? e.path, e.name));
    }
  }
  return [...new Set(out)].filter((f) => !NOT_INPUT.test(f)).sort();
}

const toolVersion = (name) => {
  try {
    return JSON.parse(fs.readFileSync(at('node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'missing';
  }
};

/** The digest of the files under `entries` (names relative to `base`, and contents) and of the tools' versions. */
export function digest(entries, tools = [], base = root) {
  const hash = createHash('sha256');
  for (const file of filesOf(entries, base)) {
    hash.update(`${path.relative(base, file)}\0`);
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  for (const tool of tools) hash.update(`${tool}@${toolVersion(tool)}\0`);
  return hash.digest('hex');
}

/** What generated/ is built from: the spec, code samples included, and the code that bundles and types it. */
export const GENERATED_INPUTS = {
  entries: ['openapi', 'redocly.yaml', 'scripts/bundle.js', 'scripts/generate.js', 'scripts/lib/bundle.js', 'scripts/lib/mount-docker.js', 'scripts/lib/types.js', 'scripts/lib/paths.js',
    'scripts/lib/portainer-changes.js', 'scripts/lib/portainer-versions.js', 'scripts/lib/version-table.js', 'scripts/lib/methods.js', 'scripts/audit/spec-schema.js'],
  tools: ['@redocly/cli', 'openapi-typescript', 'typescript'],
};
/** What the docs page is built from (the docs view draws on several pipeline modules: all of them). */
export const DOCS_INPUTS = {
  entries: [`generated/${generatedFiles.portainerBundle}`, 'redocly.yaml', 'scripts/docs.js', 'scripts/docs', 'scripts/lib'],
  tools: ['@redocly/cli'],
};
/** What the compiled client is built from. */
export const CLIENT_INPUTS = {
  entries: ['src', ...Object.values(generatedFiles).filter((f) => f.endsWith('.ts')).map((f) => `generated/${f}`), 'tsconfig.json', 'tsconfig.build.json'],
  tools: ['typescript'],
};

const BUNDLES_AND_TYPES = () => Object.values(generatedFiles).filter((f) => f !== generatedFiles.stamp);
const STAMP_NOTE = 'Written by npm run bundle and npm run generate: what generated/ was built from, so that npm start can tell by content whether it is current.';

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

const stampFile = (dir) => path.join(dir, generatedFiles.stamp);
const writeStamp = (dir, stamp) => fs.writeFileSync(stampFile(dir), `${JSON.stringify({ note: STAMP_NOTE, ...stamp }, null, 2)}\n`);

/** The digest of what generated/ is built from, as it is now. */
export const sourcesDigest = () => digest(GENERATED_INPUTS.entries, GENERATED_INPUTS.tools);

/** The bundle step: the bundles in `dir` were built from `sources` (taken before bundling). */
export function stampSources(dir, sources) {
  const { outputs } = readJson(stampFile(dir));
  writeStamp(dir, { sources, outputs: outputs ?? null });
}

/** The types step: the bundles and types now in `dir` are the build's. */
export function stampOutputs(dir) {
  const { sources } = readJson(stampFile(dir));
  const outputs = digest(BUNDLES_AND_TYPES(), [], dir);
  writeStamp(dir, { sources: sources ?? null, outputs });
}

/** Why generated/ is not current, or null when it is. */
export function generatedStale(dir = at('generated')) {
  const stamp = readJson(stampFile(dir));
  if (!stamp.sources) return 'it has no record of what it was built from';
  if (stamp.sources !== sourcesDigest()) return 'the spec changed since it was built';
  if (stamp.outputs !== digest(BUNDLES_AND_TYPES(), [], dir)) return 'its files differ from what the build wrote';
  return null;
}

/**
 * Whether `outputDir` (a dist/ folder) was built from `inputs` as they are now. Take `digest()`
 * before building and `record()` it after: an edit made during the build then still shows as new.
 */
export function outputStamp(outputDir, inputs) {
  const file = path.join(outputDir, '.inputs');
  const now = () => digest(inputs.entries, inputs.tools);
  return {
    digest: now,
    current: () => fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim() === now(),
    record: (built = now()) => {
      fs.mkdirSync(outputDir, { recursive: true });
      fs.writeFileSync(file, `${built}\n`);
    },
  };
}
