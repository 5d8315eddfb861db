// What typing the client for one Portainer version costs a consumer: `tsc --noEmit` of the 50-call
// program of typecheck.ts with the client created with `portainerVersion: '2.39'` (typed by
// `PathsFor<'2.39'>`: the paths without what 2.39 lacks, src/versions.ts), ÷ the same program
// without the option. The calls are those 2.39 has, so that both programs compile.
import fs from 'node:fs';
import path from 'node:path';
import { interleavedTasks, type Pair } from '../lib/measure.js';
import { oursProgram, pickCalls, TSCONFIG, tsc } from './typecheck.js';
// @ts-expect-error plain JavaScript pipeline module
import { specForVersion } from '../../scripts/lib/version-filter.js';

const WORK = path.resolve('bench/.work/typecheck-versions');
export const VERSION = '2.39';

export async function typecheckVersions(rounds = 5): Promise<Pair & { calls: number }> {
  const doc = JSON.parse(fs.readFileSync('generated/portainer.openapi.json', 'utf8'));
  const calls = pickCalls(specForVersion(doc, VERSION));
  fs.mkdirSync(WORK, { recursive: true });
  fs.writeFileSync(path.join(WORK, 'plain.ts'), oursProgram(calls));
  fs.writeFileSync(path.join(WORK, 'versioned.ts'), oursProgram(calls, { portainerVersion: VERSION }));
  fs.writeFileSync(path.join(WORK, 'tsconfig.plain.json'), TSCONFIG('plain.ts'));
  fs.writeFileSync(path.join(WORK, 'tsconfig.versioned.json'), TSCONFIG('versioned.ts'));
  const pair = await interleavedTasks(tsc('tsconfig.plain.json', WORK), tsc('tsconfig.versioned.json', WORK), { rounds, warmupRounds: 1 });
  return { ...pair, calls: calls.length };
}
