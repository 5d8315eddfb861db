// Builds the docs page: the bundle's docs view (scripts/lib/docs-view.js), rendered by Redocly's
// build-docs with scripts/docs/template.hbs, then fixed (scripts/lib/docs-page.js) and checked
// to load nothing from the network.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { docsView } from './docs-view.js';
import { fixPage, networkUses } from './docs-page.js';
import { at, bin, root } from './paths.js';
import { run } from './run.js';

export const DOCS_TITLE = 'Portainer CE API and Docker Engine API (portainer-openapi)';

/** Renders `input` (a bundle file) into `output`; returns the page's size in bytes. */
export async function buildDocs({ input, output }) {
  const bundle = JSON.parse(await fs.readFile(input, 'utf8'));
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'portainer-openapi-docs-'));
  try {
    const view = path.join(scratch, 'docs-view.json');
    await fs.writeFile(view, JSON.stringify(docsView(bundle)));
    const rendered = path.join(scratch, 'index.html');
    const { code, output: log } = await run(bin('redocly'), [
      'build-docs', view,
      '--inlineBundle',
      '--template', path.relative(root, at('scripts', 'docs', 'template.hbs')),
      '--title', DOCS_TITLE,
      '-o', rendered,
    ], { cwd: root, quiet: true });
    if (code !== 0) throw new Error(`redocly build-docs failed:\n${log}`);
    const html = fixPage(await fs.readFile(rendered, 'utf8'));
    const remote = networkUses(html);
    if (remote.length) throw new Error(`the page would load resources from the network:\n  ${remote.join('\n  ')}`);
    await fs.mkdir(path.dirname(output), { recursive: true });
    await fs.writeFile(output, html);
    return Buffer.byteLength(html);
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
