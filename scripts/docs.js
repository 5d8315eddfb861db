// npm run docs: dist/docs/index.html, one self-contained page (renderer inlined, no fonts, no CDN,
// no telemetry) that works with no network at all.
import fs from 'node:fs/promises';
import path from 'node:path';
import { at, bin, docsFile, generatedDir, generatedFiles, root } from './lib/paths.js';
import { run } from './lib/run.js';

const bundle = path.join(generatedDir, generatedFiles.portainerBundle);
await fs.mkdir(path.dirname(docsFile), { recursive: true });
const { code, output } = await run(bin('redocly'), [
  'build-docs', path.relative(root, bundle),
  '--inlineBundle',
  '--template', path.relative(root, at('scripts', 'docs', 'template.hbs')),
  '--title', 'Portainer CE API and Docker Engine API (portainer-openapi)',
  '-o', path.relative(root, docsFile),
], { cwd: root, quiet: true });
if (code !== 0) {
  console.error(output);
  process.exit(1);
}

// The renderer's attribution badge loads its logo from a CDN; keep the credit, drop the fetch.
const OFFLINE_LOGO = `data:image/svg+xml,${encodeURIComponent(
  "<svg xmlns='http://www.w3.org/2000/svg' width='56' height='14'><text x='0' y='11' font-size='11' font-family='sans-serif' fill='#555'>Redocly</text></svg>",
)}`;
const html = (await fs.readFile(docsFile, 'utf8')).replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g, OFFLINE_LOGO);
await fs.writeFile(docsFile, html);

// A page that loads anything from a host would break offline; refuse to ship one.
// Icon-set bases are only fetched when a description names an icon, which ours never do (the
// browser test checks that no request leaves the page).
const ICON_SETS = /^https:\/\/cdn\.redocly\.com\/icons\//;
const cdn = (html.match(/https?:\/\/cdn\.[a-z.]+\/[^"'`\s]*/g) ?? []).filter((url) => !ICON_SETS.test(url));
if (cdn.length) {
  console.error(`docs: the page still refers to a CDN:\n  ${[...new Set(cdn)].join('\n  ')}`);
  process.exit(1);
}
const remote = [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["'](https?:)?\/\/[^"']+/gi)].map((m) => m[0]);
if (remote.length) {
  console.error(`docs: the page loads resources from the network:\n  ${remote.join('\n  ')}`);
  process.exit(1);
}
console.log(`wrote ${path.relative(root, docsFile)} (${Math.round(html.length / 1024)} KiB, self-contained)`);
