// Installing from a git URL, as the README says: npm clones the repository (here the working tree's
// snapshot), installs its devDependencies in a scratch folder, runs `prepare` (which compiles only
// the client: no lint, bundle or docs step), and installs what `files` lists. The result is a
// working client, from require() and from import.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, inject, it } from 'vitest';
import { runAgainstMock } from './projects.js';
import { MINUTE, mustRun } from './run.js';

const { work, repo, prismUrl } = inject('consumer');

it('npm install git+file://… gives a built, working client', { timeout: 10 * MINUTE }, async () => {
  const dir = path.join(work, 'from-git');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "from-git", "private": true }\n');
  await mustRun('npm', ['install', '--prefer-offline', `git+${pathToFileURL(repo).href}`], { cwd: dir, timeoutMs: 8 * MINUTE });

  const installed = path.join(dir, 'node_modules', 'portainer-openapi');
  expect(fs.existsSync(path.join(installed, 'dist/src/index.js')), 'the compiled client').toBe(true);
  expect(fs.existsSync(path.join(installed, 'dist/cjs/index.cjs')), 'the CommonJS entry').toBe(true);
  expect(fs.existsSync(path.join(installed, 'src')), 'sources stay in the repository').toBe(false);
  const devDependencies = Object.keys(JSON.parse(fs.readFileSync('package.json', 'utf8')).devDependencies);
  expect(fs.readdirSync(path.join(dir, 'node_modules')).filter((name) => devDependencies.some((dev) => dev.split('/')[0] === name)), 'no devDependency came along').toEqual([]);

  fs.copyFileSync(path.resolve('test/consumer/fixtures/main.cjs'), path.join(dir, 'main.cjs'));
  expect(await runAgainstMock(dir, 'main.cjs', prismUrl)).toMatchObject({ environments: ['local'], refused: 404, sameClassAsImport: true });
  const imported = await mustRun(process.execPath, ['--input-type=module', '-e', "import { createPortainerClient } from 'portainer-openapi'; console.log(typeof createPortainerClient);"], { cwd: dir, timeoutMs: MINUTE });
  expect(imported.trim()).toBe('function');
});
