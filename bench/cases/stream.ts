// 1 GiB of Docker log frames (120-byte lines, one in ten on stderr) from a local server:
// demultiplexed through our helper vs read as raw bytes, each in its own process, interleaved.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median } from '../lib/measure.js';
import { startBenchServer } from '../lib/spawn-server.js';

const run = promisify(execFile);
export const STREAM_BYTES = 1 << 30;
export const FRAME_PAYLOAD = 120;

async function child(url: string, mode: 'raw' | 'demux'): Promise<{ ms: number; bytes: number; maxRssMiB: number }> {
  const { stdout } = await run(process.execPath, ['bench/cases/stream-child.mjs', url, mode, String(STREAM_BYTES), String(FRAME_PAYLOAD)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout);
}

export interface StreamResults {
  demuxMiBps: number;
  rawMiBps: number;
  ratio: number;
  peakRssMiB: number;
  rounds: number;
}

export async function stream(rounds = 3): Promise<StreamResults> {
  const server = await startBenchServer();
  try {
    const demux: number[] = [];
    const raw: number[] = [];
    const ratios: number[] = [];
    const rss: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (['raw', 'demux'] as const) : (['demux', 'raw'] as const);
      const result: Record<string, { ms: number; bytes: number; maxRssMiB: number }> = {};
      for (const mode of order) result[mode] = await child(server.url, mode);
      const mib = STREAM_BYTES / (1 << 20);
      demux.push(mib / (result.demux!.ms / 1000));
      raw.push(mib / (result.raw!.ms / 1000));
      ratios.push(result.raw!.ms / result.demux!.ms);
      rss.push(result.demux!.maxRssMiB);
    }
    return { demuxMiBps: median(demux), rawMiBps: median(raw), ratio: median(ratios), peakRssMiB: Math.max(...rss), rounds };
  } finally {
    server.stop();
  }
}
