// TypeScript projects using the installed tarball, one per kind a user may have: ESM with nodenext,
// node16 and bundler resolution, CommonJS (`"type": "commonjs"`) with nodenext and node16. Each
// type-checks strictly (skipLibCheck off, so the package's declarations are checked too), refuses
// code that misuses the API (the types are really there), and runs against the Prism mock: the
// Node ones compiled by tsc, the bundler one bundled by esbuild for Node.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, inject, it } from 'vitest';
import { EXPECTED_RESULT, createProject, errorsForWrongCode, runAgainstMock, typeCheck, type ProjectOptions } from './projects.js';
import { MINUTE } from './run.js';

const { installed, prismUrl } = inject('consumer');

const kinds: [string, ProjectOptions][] = [
  ['esm-nodenext', { type: 'module', compilerOptions: { module: 'nodenext' } }],
  ['esm-node16', { type: 'module', compilerOptions: { module: 'node16' } }],
  ['esm-bundler', { type: 'module', compilerOptions: { module: 'esnext', moduleResolution: 'bundler', noEmit: true } }],
  ['cjs-nodenext', { type: 'commonjs', compilerOptions: { module: 'nodenext' } }],
  ['cjs-node16', { type: 'commonjs', compilerOptions: { module: 'node16' } }],
];

describe.each(kinds)('a TypeScript project: %s', (name, options) => {
  const dir = createProject(installed, name, options);

  it('type-checks, and refuses a wrong route and a wrongly typed field', { timeout: 6 * MINUTE }, async () => {
    const { code, output } = await typeCheck(dir);
    expect(output).toBe('');
    expect(code).toBe(0);
    const errors = await errorsForWrongCode(dir);
    expect(errors.some((line) => line.startsWith('wrong.ts(4,') && line.includes('TS2345') && line.includes('"/no-such-route"')), errors.join('\n')).toBe(true);
    expect(errors.some((line) => line.startsWith('wrong.ts(5,') && line.includes('TS2322')), errors.join('\n')).toBe(true);
    expect(errors, 'no error but the two planted ones').toHaveLength(2);
  });

  it('runs against the mock', { timeout: 2 * MINUTE }, async () => {
    let program = path.join(dir, 'out', 'main.js');
    if (options.compilerOptions.noEmit) {
      // What a bundler user ships: one file, esbuild for Node, the package and its dependencies inside.
      program = path.join(dir, 'out', 'main.mjs');
      await build({ entryPoints: [path.join(dir, 'main.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: program, logLevel: 'silent' });
      expect(fs.readFileSync(program, 'utf8'), 'the client is inside the bundle').toContain('createPortainerClient');
    } else {
      // Emitted by the type-check above; in a CommonJS project as require() calls.
      const emitted = fs.readFileSync(program, 'utf8');
      if (options.type === 'commonjs') expect(emitted).toContain('require("portainer-openapi")');
      else expect(emitted).toContain("from 'portainer-openapi'");
    }
    expect(await runAgainstMock(dir, program, prismUrl)).toEqual(EXPECTED_RESULT);
  });
});
