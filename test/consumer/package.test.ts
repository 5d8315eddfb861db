// The tarball `npm pack` makes in a fresh clone: what it holds (the compiled client for ESM and
// CommonJS, its types, the bundles, README and LICENSE; no source maps without their sources, no
// tests, no pipeline), what the type checkers (attw) and packaging linter (publint) say of it, and
// that the README's Install section gives the commands this tier runs.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { MINUTE, mustRun, run } from './run.js';

const { tarball, work } = inject('consumer');
const bin = (name: string) => path.resolve('node_modules/.bin', name);
const extracted = path.join(work, 'extracted');
let files: string[];

beforeAll(async () => {
  const listing = await mustRun('tar', ['-tzf', tarball], { cwd: work, timeoutMs: MINUTE });
  files = listing.split('\n').filter((line) => line && !line.endsWith('/')).map((line) => line.replace(/^package\//, '')).sort();
  fs.mkdirSync(extracted, { recursive: true });
  await mustRun('tar', ['-xzf', tarball, '-C', extracted], { cwd: work, timeoutMs: MINUTE });
});

describe('the tarball', () => {
  it('ships the client (ESM, the node entry, CommonJS), its types, the bundles, README and LICENSE, and nothing else', () => {
    const size = fs.statSync(tarball).size;
    console.log(`${path.basename(tarball)}: ${files.length} files, ${(size / 1024).toFixed(1)} KiB\n  ${files.join('\n  ')}`);
    for (const file of [
      'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/node.js', 'dist/src/node.d.ts',
      'dist/cjs/index.cjs', 'dist/cjs/index.d.cts', 'dist/cjs/node.cjs', 'dist/cjs/node.d.cts',
      'dist/cjs/portainer.d.cts', 'dist/cjs/docker.d.cts', 'dist/generated/portainer.d.ts', 'dist/generated/docker.d.ts',
      'generated/portainer.openapi.json', 'generated/docker.openapi.json', 'README.md', 'LICENSE', 'package.json',
    ]) expect(files, file).toContain(file);
    const allowed = /^(dist\/src\/.+\.(js|d\.ts)|dist\/cjs\/[a-z]+\.(cjs|d\.cts)|dist\/generated\/[a-z]+(\.media|\.versions)?\.d\.ts|dist\/generated\/[a-z]+\.(media|versions)\.js|generated\/[a-z]+\.openapi\.json|README\.md|LICENSE|package\.json)$/;
    expect(files.filter((file) => !allowed.test(file)), 'files that have no business in the package').toEqual([]);
    // Every module the entries load is in the package (a file left out would fail only at run time).
    for (const file of files.filter((name) => /\.c?js$/.test(name))) {
      const text = fs.readFileSync(path.join(extracted, 'package', file), 'utf8');
      for (const [, spec] of text.matchAll(/(?:from|import|require)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
        expect(files, `${file} loads ${spec}`).toContain(path.posix.join(path.posix.dirname(file), spec!));
      }
    }
  });

  it('says MIT in package.json and in a LICENSE file, has no side effects, and needs Node 20.19 or newer', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(extracted, 'package', 'package.json'), 'utf8'));
    expect(pkg.license).toBe('MIT');
    expect(fs.readFileSync(path.join(extracted, 'package', 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} portainer-openapi contributors\n/);
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.engines.node).toBe('>=20.19');
  });

  it('is clean for attw (node16 from ESM and from CommonJS, bundler)', async () => {
    const { code, output } = await run(bin('attw'), ['--profile', 'node16', '--format', 'json', tarball], { cwd: work, timeoutMs: 3 * MINUTE });
    const report = JSON.parse(output.slice(output.indexOf('{')));
    const problems = (report.analysis.problems as { kind: string; entrypoint: string; resolutionKind?: string }[])
      .filter((problem) => problem.resolutionKind !== 'node10'); // node10 (TypeScript's pre-exports resolution) is outside the node16 profile
    expect(problems).toEqual([]);
    expect(code, output.slice(0, 2000)).toBe(0);
    // Each entry resolves where it should, in each mode: not merely "no problem found".
    const resolved = (entry: string, kind: string) => report.analysis.entrypoints[entry].resolutions[kind].resolution?.fileName as string | undefined;
    for (const [entry, cjs, esm, bundler] of [
      ['.', 'dist/cjs/index.d.cts', 'dist/src/index.d.ts', 'dist/src/index.d.ts'],
      ['./node', 'dist/cjs/node.d.cts', 'dist/src/node.d.ts', 'dist/src/node.d.ts'],
      ['./portainer', 'dist/cjs/portainer.d.cts', 'dist/generated/portainer.d.ts', 'dist/generated/portainer.d.ts'],
      ['./docker', 'dist/cjs/docker.d.cts', 'dist/generated/docker.d.ts', 'dist/generated/docker.d.ts'],
    ] as const) {
      expect(resolved(entry, 'node16-cjs'), `${entry} from CommonJS`).toBe(`/node_modules/portainer-openapi/${cjs}`);
      expect(resolved(entry, 'node16-esm'), `${entry} from ESM`).toBe(`/node_modules/portainer-openapi/${esm}`);
      expect(resolved(entry, 'bundler'), `${entry} for bundlers`).toBe(`/node_modules/portainer-openapi/${bundler}`);
    }
  });

  it('is clean for publint --strict', async () => {
    const { code, output } = await run(bin('publint'), ['run', '--strict', tarball], { cwd: work, timeoutMs: 2 * MINUTE });
    expect(output).toContain('All good!');
    expect(code, output).toBe(0);
  });
});

describe("the README's Install section", () => {
  const readme = fs.readFileSync('README.md', 'utf8');
  const install = /## Install\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';

  it('comes first, before anything for contributors', () => {
    expect(install, 'README.md has an "## Install" section').not.toBe('');
    expect(readme.indexOf('## Install')).toBeLessThan(readme.indexOf('## Quick start'));
    expect(readme.indexOf('## Install')).toBe(readme.indexOf('## '));
  });

  it('gives the commands this tier runs: npm pack in a clone, npm install of the tarball, npm install of a git URL', () => {
    expect(install).toMatch(/^npm pack\b/m);
    expect(install).toContain(`npm install /path/to/${path.basename(tarball)}`);
    expect(install).toMatch(/^npm install git\+file:\/\/\//m);
    expect(install).toMatch(/^npm install portainer-openapi\b/m);
  });
});
