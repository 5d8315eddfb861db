// Plain CommonJS: require('portainer-openapi') (and its node entry, bundles and package.json) in a
// `"type": "commonjs"` project, with no TypeScript or bundler in between, runs against the Prism
// mock, and hands back the same classes that `import` does (one copy of the client, no dual-package
// hazard for `instanceof PortainerError`).
import fs from 'node:fs';
import path from 'node:path';
import { expect, inject, it } from 'vitest';
import { runAgainstMock } from './projects.js';
import { MINUTE } from './run.js';

const { installed, prismUrl, tarball } = inject('consumer');

it('require() loads the package and its client works', { timeout: 2 * MINUTE }, async () => {
  const dir = path.join(installed, 'cjs-require');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "cjs-require", "private": true, "type": "commonjs" }\n');
  fs.copyFileSync(path.resolve('test/consumer/fixtures/main.cjs'), path.join(dir, 'main.cjs'));
  const version = /^portainer-openapi-(.+)\.tgz$/.exec(path.basename(tarball))![1];
  expect(await runAgainstMock(dir, 'main.cjs', prismUrl)).toEqual({
    environments: ['local'],
    registryAuth: Buffer.from('{"registryId":2}').toString('base64'),
    refused: 404,
    sameClassAsImport: true,
    bundle: '3.1.0',
    version,
  });
});
