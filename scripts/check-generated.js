// npm run check:generated: rebuilds bundles and types in a scratch directory and fails, naming
// the files, when generated/ differs from what the build would write.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeBundles } from './lib/bundle.js';
import { writeTypes } from './lib/types.js';
import { generatedDir, generatedFiles } from './lib/paths.js';

const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'portainer-openapi-check-'));
try {
  await writeBundles(scratch);
  await writeTypes(scratch, scratch);
  const expected = Object.values(generatedFiles);
  // by-role/ holds a link for the shared coverage tool (see its README), not build output.
  const committed = (await fs.readdir(generatedDir).catch(() => [])).filter((f) => !f.startsWith('.') && f !== 'by-role');
  const problems = [];
  for (const file of expected) {
    const want = await fs.readFile(path.join(scratch, file), 'utf8');
    const have = await fs.readFile(path.join(generatedDir, file), 'utf8').catch(() => null);
    if (have === null) problems.push(`generated/${file}: missing`);
    else if (have !== want) problems.push(`generated/${file}: differs from what the build writes`);
  }
  for (const file of committed) {
    if (!expected.includes(file)) problems.push(`generated/${file}: not written by the build (remove it)`);
  }
  if (problems.length) {
    console.error(`generated/ is out of date; run \`npm run build\` and commit the result:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(`generated/ is current (${expected.length} files).`);
  }
} finally {
  await fs.rm(scratch, { recursive: true, force: true });
}
