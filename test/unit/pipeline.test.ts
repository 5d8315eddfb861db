// The pipeline as CI sees it: the spec lints clean, generated/ matches the sources, and everything
// type-checks (src, tests, examples, generated types).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const node = (script: string) => run(process.execPath, [script], { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024 });

describe('pipeline', () => {
  it('lints clean with Redocly and the Spectral house rules', { timeout: 180_000 }, async () => {
    const { stdout } = await node('scripts/lint.js').catch((error) => {
      throw new Error(`lint failed:\n${error.stdout}\n${error.stderr}`);
    });
    expect(stdout).toMatch(/lint: (\d+)\/\1 checks clean/);
  });

  it('has generated/ equal to what the build writes', { timeout: 120_000 }, async () => {
    const { stdout } = await node('scripts/check-generated.js').catch((error) => {
      throw new Error(`check:generated failed:\n${error.stdout}\n${error.stderr}`);
    });
    expect(stdout).toMatch(/generated\/ is current/);
  });

  it('type-checks', { timeout: 180_000 }, async () => {
    await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { maxBuffer: 16 * 1024 * 1024 }).catch((error) => {
      throw new Error(`tsc failed:\n${error.stdout}`);
    });
  });
});
