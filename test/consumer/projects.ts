// Consumer projects for the consumer tier: folders inside the folder where the tarball is installed
// (so `portainer-openapi` resolves from its node_modules, as in a user's project), each with its own
// package.json and tsconfig.json, compiled with this repository's TypeScript.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { MINUTE, mustRun, run, type RunResult } from './run.js';

const tsc = path.resolve('node_modules/.bin/tsc');
const fixtures = path.resolve('test/consumer/fixtures');

export interface ProjectOptions {
  type: 'module' | 'commonjs';
  compilerOptions: Record<string, unknown>;
}

/** Writes a project named `name` under `root` with the fixture program as main.ts. */
export function createProject(root: string, name: string, { type, compilerOptions }: ProjectOptions): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name, private: true, type }, null, 2)}\n`);
  const tsconfig = {
    // incremental: the check with the wrong code added reuses the first check's work on the rest.
    compilerOptions: { target: 'ES2022', strict: true, skipLibCheck: false, types: ['node'], outDir: 'out', rootDir: '.', incremental: true, tsBuildInfoFile: 'tsbuildinfo', ...compilerOptions },
    include: ['*.ts'],
  };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  fs.copyFileSync(path.join(fixtures, 'main.ts'), path.join(dir, 'main.ts'));
  return dir;
}

export const typeCheck = (dir: string): Promise<RunResult> => run(tsc, ['-p', '.'], { cwd: dir, timeoutMs: 3 * MINUTE });

/**
 * Code a type checker must refuse, with the package's types really loaded (were they `any`, or the
 * module unresolved in a way that degrades to `any`, neither line would be an error).
 */
export const WRONG = `import { createPortainerClient } from 'portainer-openapi';
import type { paths } from 'portainer-openapi/portainer';
const portainer = createPortainerClient({ url: 'http://127.0.0.1:9000', apiKey: 'ptr_example' });
void portainer.GET('/no-such-route', {});
const name: paths['/endpoints']['get']['responses'][200]['content']['application/json'][number]['Name'] = 42;
export { name };
`;

/** The errors tsc reports for WRONG added to the project in `dir` (the file is removed again). */
export async function errorsForWrongCode(dir: string): Promise<string[]> {
  const file = path.join(dir, 'wrong.ts');
  fs.writeFileSync(file, WRONG);
  try {
    const { output } = await typeCheck(dir);
    return output.split('\n').filter((line) => /error TS\d+/.test(line));
  } finally {
    fs.rmSync(file);
  }
}

/** Runs a Node program against the mock; returns the JSON line it printed. */
export async function runAgainstMock(dir: string, file: string, prismUrl: string): Promise<unknown> {
  const output = await mustRun(process.execPath, [file], { cwd: dir, timeoutMs: MINUTE, env: { PORTAINER_URL: prismUrl } });
  const line = output.trim().split('\n').at(-1)!;
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`${file} printed no JSON result:\n${output}`);
  }
}

/** What the fixture program prints against the Prism mock (from the spec's examples). */
export const EXPECTED_RESULT = {
  environments: ['local'],
  containers: expect.arrayContaining([expect.any(String)]),
  registryAuth: Buffer.from('{"registryId":2}').toString('base64'),
  refused: 404,
};
