// npm run bench: every benchmark of bench/README.md on this machine; prints a table and writes
// bench/results/latest.json. Not a test: nothing here passes or fails on a timing.

import fs from 'node:fs';
import os from 'node:os';
import { buildSeconds } from './cases/build-time.js';
import { bundleSize } from './cases/bundle-size.js';
import { loopback } from './cases/loopback.js';
import { overhead } from './cases/overhead.js';
import { stream, STREAM_BYTES, FRAME_PAYLOAD } from './cases/stream.js';
import { typecheck } from './cases/typecheck.js';
import { typecheckVersions, VERSION } from './cases/typecheck-versions.js';

const round = (n: number, digits = 3) => Number(n.toFixed(digits));
const step = (name: string) => process.stderr.write(`bench: ${name}…\n`);

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: round(os.totalmem() / 2 ** 30, 1),
  os: `${os.type()} ${os.release()}`,
  node: process.version,
  loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
};

// The build runs first and cold: it also compiles dist/, which the stream benchmark runs.
step('cold npm run build');
const build = await buildSeconds();
step('per-call overhead: openapi-fetch, axios, hey-api');
const calls = await overhead();
step('loopback throughput at concurrency 1 and 32');
const loop = await loopback();
step(`streaming ${STREAM_BYTES / 2 ** 30} GiB of Docker log frames`);
const streamed = await stream();
step(`streaming ${STREAM_BYTES / 2 ** 30} GiB of 4 KiB frames (exec and attach output), for comparison`);
const streamedLarge = await stream(1, 4096);
step('tsc --noEmit of a 50-call consumer');
const types = await typecheck();
step(`tsc --noEmit of the same consumer, its client typed for Portainer ${VERSION}`);
const versionedTypes = await typecheckVersions();
step('bundle size');
const sizes = await bundleSize();

const results = {
  overheadVsOpenapiFetch: round(calls.vsOpenapiFetch.ratio),
  speedupVsAxios: round(calls.vsAxios.ratio),
  speedupVsAxiosOverHttp: round(calls.vsAxiosOverHttp.ratio),
  speedupVsHeyApi: round(calls.vsHeyApi.ratio),
  perCallMicroseconds: {
    ours: round(calls.vsOpenapiFetch.bMs * 1000, 2),
    openapiFetch: round(calls.vsOpenapiFetch.aMs * 1000, 2),
    axios: round(calls.vsAxios.bMs * 1000, 2),
    overHttp: { ours: round(calls.vsAxiosOverHttp.aMs * 1000, 1), axios: round(calls.vsAxiosOverHttp.bMs * 1000, 1) },
    heyApi: round(calls.vsHeyApi.bMs * 1000, 2),
  },
  loopbackVsRawFetch: round(Math.min(loop.c1.ratio, loop.c32.ratio)),
  loopbackVsRawFetchC1: round(loop.c1.ratio),
  loopbackVsRawFetchC32: round(loop.c32.ratio),
  loopbackVsOpenapiFetchC1: round(loop.c1.vsOpenapiFetch),
  loopbackVsOpenapiFetchC32: round(loop.c32.vsOpenapiFetch),
  openapiFetchLoopbackVsRawFetchC1: round(loop.c1.openapiFetchRatio),
  openapiFetchLoopbackVsRawFetchC32: round(loop.c32.openapiFetchRatio),
  loopbackRequestsPerSecond: {
    c1: { ours: Math.round(loop.c1.oursRps), rawFetch: Math.round(loop.c1.rawRps) },
    c32: { ours: Math.round(loop.c32.oursRps), rawFetch: Math.round(loop.c32.rawRps) },
  },
  streamVsRaw: round(streamed.pipeRatio),
  streamOrderedVsRaw: round(streamed.orderedRatio),
  streamPeakRssMiB: round(streamed.pipePeakRssMiB, 1),
  streamRawPeakRssMiB: round(streamed.rawPeakRssMiB, 1),
  streamMiBps: {
    piped: round(streamed.pipeMiBps, 0),
    ordered: round(streamed.orderedMiBps, 0),
    raw: round(streamed.rawMiBps, 0),
    framePayloadBytes: FRAME_PAYLOAD,
  },
  streamVsRaw4KiBFrames: round(streamedLarge.pipeRatio),
  streamOrderedVsRaw4KiBFrames: round(streamedLarge.orderedRatio),
  typecheckVsHeyApi: round(types.ratio),
  typecheckSeconds: { ours: round(types.bMs / 1000, 2), heyApi: round(types.aMs / 1000, 2), calls: types.calls },
  typecheckPathsForVsPlain: round(versionedTypes.ratio),
  typecheckVersionedSeconds: { plain: round(versionedTypes.aMs / 1000, 2), pathsFor: round(versionedTypes.bMs / 1000, 2), calls: versionedTypes.calls },
  bundleGzipBytes: sizes.typical.gzip,
  bundleGzipBytesAllExports: sizes.ours.gzip,
  openapiFetchGzipBytes: sizes.openapiFetch.gzip,
  buildSeconds: round(build, 1),
};

const targets: Record<string, [string, (v: number) => boolean]> = {
  overheadVsOpenapiFetch: ['≤ 1.10', (v) => v <= 1.1],
  speedupVsAxios: ['≥ 1.3', (v) => v >= 1.3],
  loopbackVsRawFetch: ['≥ 0.95', (v) => v >= 0.95],
  loopbackVsOpenapiFetchC1: ['≥ 1.0', (v) => v >= 1.0],
  streamVsRaw: ['≥ 0.8', (v) => v >= 0.8],
  streamPeakRssMiB: ['≤ 64', (v) => v <= 64],
  typecheckVsHeyApi: ['≤ 1.0', (v) => v <= 1.0],
  typecheckPathsForVsPlain: ['≤ 1.10', (v) => v <= 1.1],
  bundleGzipBytes: ['≤ 8192', (v) => v <= 8192],
};

const date = new Date().toISOString();
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/latest.json', `${JSON.stringify({ machine, date, results }, null, 2)}\n`);

const rows = Object.entries(results).filter(([, v]) => typeof v === 'number') as Array<[string, number]>;
const width = Math.max(...rows.map(([k]) => k.length));
console.log(`\nportainer-openapi benchmarks, ${date}\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}\n`);
for (const [name, value] of rows) {
  const target = targets[name];
  console.log(`${name.padEnd(width)}  ${String(value).padStart(10)}  ${target ? `${target[0].padEnd(7)} ${target[1](value) ? 'met' : 'MISSED'}` : ''}`);
}
console.log('\nwrote bench/results/latest.json');

// The README's Performance section shows this run's table (between the bench markers).
const table = [
  '| figure | value | target |',
  '| --- | --- | --- |',
  ...rows.map(([name, value]) => {
    const target = targets[name];
    return `| \`${name}\` | ${value} | ${target ? `${target[0]} (${target[1](value) ? 'met' : 'missed'})` : ''} |`;
  }),
].join('\n');
const readme = fs.readFileSync('README.md', 'utf8');
const section = `<!-- bench:start -->\nMeasured ${date.slice(0, 10)} on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}:\n\n${table}\n<!-- bench:end -->`;
if (/<!-- bench:start -->[\s\S]*<!-- bench:end -->/.test(readme)) {
  fs.writeFileSync('README.md', readme.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, section));
  console.log('updated the Performance table in README.md');
}
