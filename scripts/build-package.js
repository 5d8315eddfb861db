// npm run compile, and npm's `prepare` (which npm pack and npm publish run, a git install runs,
// and npm ci runs here): builds exactly what the package ships, from scratch so that nothing stale
// is packed: the client and its types (tsc, from src/ and the committed generated/), then the
// CommonJS entries of the exports map. None of the lint, bundle or docs steps: a git install has
// only to compile.
import fs from 'node:fs/promises';
import { writeCjsEntries } from './lib/cjs-entries.js';
import { at, bin, root } from './lib/paths.js';
import { run } from './lib/run.js';

for (const dir of ['src', 'generated', 'cjs']) await fs.rm(at('dist', dir), { recursive: true, force: true });
const { code } = await run(bin('tsc'), ['-p', at('tsconfig.build.json')]);
if (code !== 0) {
  console.error('build-package: tsc found the errors above; nothing was built');
  process.exit(code);
}
const { exports } = JSON.parse(await fs.readFile(at('package.json'), 'utf8'));
const written = await writeCjsEntries(root, exports);
console.log(`build-package: compiled dist/src and dist/generated; wrote ${written.join(', ')}`);
