// npm run docs [-- --input bundle.json --output page.html]: dist/docs/index.html, one
// self-contained page (renderer inlined, no fonts, no CDN, no telemetry) that works with no
// network at all. Every operation shows a TypeScript sample; see scripts/lib/docs-build.js.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildDocs } from './lib/docs-build.js';
import { docsFile, generatedDir, generatedFiles, root } from './lib/paths.js';
import { DOCS_INPUTS, outputStamp } from './lib/stamps.js';

const { values } = parseArgs({ options: { input: { type: 'string' }, output: { type: 'string' } } });
const input = path.resolve(values.input ?? path.join(generatedDir, generatedFiles.portainerBundle));
const output = path.resolve(values.output ?? docsFile);
// The default page records what it was built from, so that npm start rebuilds it only when needed.
const stamp = output === docsFile && !values.input ? outputStamp(path.dirname(docsFile), DOCS_INPUTS) : undefined;
const inputs = stamp?.digest();
try {
  const size = await buildDocs({ input, output });
  stamp?.record(inputs);
  console.log(`wrote ${path.relative(root, output)} (${Math.round(size / 1024)} KiB, self-contained)`);
} catch (error) {
  console.error(`docs: ${error.message}`);
  process.exit(1);
}
