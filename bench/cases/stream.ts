// 1 GiB of Docker log frames (by default 120-byte lines, one in ten on stderr) from a local server,
// each run in its own process, interleaved: piped to two sinks through demultiplexDockerStreamTo,
// iterated in exact order through demultiplexDockerStream, and read as raw bytes.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median } from '../lib/measure.js';
import { startBenchServer } from '../lib/spawn-server.js';

const run = promisify(execFile);
export const STREAM_BYTES = 1 << 30;
export const FRAME_PAYLOAD = 120;
type Mode = 'raw' | 'pipe' | 'ordered';

async function child(url: string, mode: Mode, frame: number): Promise<{ ms: number; bytes: number; maxRssMiB: number }> {
  const { stdout } = await run(process.execPath, ['bench/cases/stream-child.mjs', url, mode, String(STREAM_BYTES), String(frame)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout);
}

export interface StreamResults {
  /** Throughput in MiB/s. */
  pipeMiBps: number;
  orderedMiBps: number;
  rawMiBps: number;
  /** Median over rounds of raw time ÷ helper time. */
  pipeRatio: number;
  orderedRatio: number;
  /** Peak RSS of the piping process, and of the raw-reading one for comparison. */
  pipePeakRssMiB: number;
  rawPeakRssMiB: number;
  rounds: number;
}

export async function stream(rounds = 3, frame = FRAME_PAYLOAD): Promise<StreamResults> {
  const server = await startBenchServer();
  const mib = STREAM_BYTES / (1 << 20);
  try {
    const times: Record<Mode, number[]> = { raw: [], pipe: [], ordered: [] };
    const rss: Record<Mode, number[]> = { raw: [], pipe: [], ordered: [] };
    const pipeRatios: number[] = [];
    const orderedRatios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const order: Mode[] = round % 2 === 0 ? ['raw', 'pipe', 'ordered'] : ['ordered', 'pipe', 'raw'];
      const result = {} as Record<Mode, { ms: number; maxRssMiB: number }>;
      for (const mode of order) result[mode] = await child(server.url, mode, frame);
      for (const mode of order) {
        times[mode].push(result[mode].ms);
        rss[mode].push(result[mode].maxRssMiB);
      }
      pipeRatios.push(result.raw.ms / result.pipe.ms);
      orderedRatios.push(result.raw.ms / result.ordered.ms);
    }
    const rate = (mode: Mode) => mib / (median(times[mode]) / 1000);
    return {
      pipeMiBps: rate('pipe'),
      orderedMiBps: rate('ordered'),
      rawMiBps: rate('raw'),
      pipeRatio: median(pipeRatios),
      orderedRatio: median(orderedRatios),
      pipePeakRssMiB: Math.max(...rss.pipe),
      rawPeakRssMiB: Math.max(...rss.raw),
      rounds,
    };
  } finally {
    server.stop();
  }
}
