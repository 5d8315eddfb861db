import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInContainer } from '../../src/index.js';
import { createContainer, d1Context } from './d1-helpers.js';

const ctx = d1Context('jobs-run');
let container: string;

beforeAll(async () => {
  container = await createContainer(ctx, 'host', { Cmd: ['sleep', '300'], StopTimeout: 1 });
  const { error } = await ctx.direct.POST('/containers/{id}/start', { params: { path: { id: container } } });
  if (error) throw error;
});
afterAll(() => ctx.cleanup());

describe.each([['proxy'], ['direct']] as const)('runInContainer (%s)', (via) => {
  it('returns exit code and output', async () => {
    const r = await runInContainer(ctx[via], container, { cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
    expect(r).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
  });
});
