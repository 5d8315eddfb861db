// Interleaved measurement: A and B run in alternating rounds (A B, then B A, …) after a warm-up,
// so that drift in machine speed hits both alike; each figure is a median over rounds.
import { performance } from 'node:perf_hooks';

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export interface Pair {
  /** Median time per unit of A and B (ms), and the median of the per-round ratios B÷A. */
  aMs: number;
  bMs: number;
  ratio: number;
  rounds: number;
}

/** Times `units` calls of each function per round; returns medians of time per unit. */
export async function interleaved(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  { rounds = 15, units = 2000, warmupRounds = 3 }: { rounds?: number; units?: number; warmupRounds?: number } = {},
): Promise<Pair> {
  const repeat = (fn: () => Promise<unknown>) => async () => {
    for (let i = 0; i < units; i++) await fn();
  };
  const pair = await interleavedTasks(repeat(a), repeat(b), { rounds, warmupRounds });
  return { ...pair, aMs: pair.aMs / units, bMs: pair.bMs / units };
}

/** Interleaved rounds of whole tasks (each timed once per round), for slow things. */
export async function interleavedTasks(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  { rounds = 5, warmupRounds = 1 }: { rounds?: number; warmupRounds?: number } = {},
): Promise<Pair> {
  const time = async (fn: () => Promise<unknown>) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };
  for (let i = 0; i < warmupRounds; i++) {
    await a();
    await b();
  }
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let ta: number;
    let tb: number;
    if (r % 2 === 0) {
      ta = await time(a);
      tb = await time(b);
    } else {
      tb = await time(b);
      ta = await time(a);
    }
    as.push(ta);
    bs.push(tb);
    ratios.push(tb / ta);
  }
  return { aMs: median(as), bMs: median(bs), ratio: median(ratios), rounds };
}
