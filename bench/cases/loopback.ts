// Throughput against a local keep-alive HTTP server (its own process): our client vs raw fetch with
// the same header, at concurrency 1 and 32; bare openapi-fetch alongside, to show what the base costs.
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/portainer.js';
import type * as Client from '../../src/index.js';
import { median } from '../lib/measure.js';
import { startBenchServer } from '../lib/spawn-server.js';
import { API_KEY } from '../lib/stub.js';

async function throughput(call: () => Promise<void>, concurrency: number, requests: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < requests) await call();
    }),
  );
  return requests / ((performance.now() - start) / 1000);
}

export interface LoopbackResults {
  c1: LoopbackFigures;
  c32: LoopbackFigures;
}

interface LoopbackFigures {
  oursRps: number;
  rawRps: number;
  /** Ours ÷ raw fetch (throughput), the median of the rounds' ratios. */
  ratio: number;
  /** Bare openapi-fetch ÷ raw fetch. */
  openapiFetchRatio: number;
  /** Ours ÷ bare openapi-fetch, the median of the rounds' ratios (each round measures both). */
  vsOpenapiFetch: number;
}

export async function loopback(): Promise<LoopbackResults> {
  // The client as users run it: compiled JavaScript, the main entry (the platform's fetch).
  const { createPortainerClient }: typeof Client = await import(pathToFileURL(path.resolve('dist/src/index.js')).href);
  const server = await startBenchServer();
  try {
    const ours = createPortainerClient({ url: server.url, apiKey: API_KEY });
    const callOurs = async () => {
      const { error } = await ours.GET('/endpoints/{id}', { params: { path: { id: 1 } } });
      if (error) throw error;
    };
    const bare = createClient<paths>({ baseUrl: `${server.url}/api`, headers: { 'X-API-Key': API_KEY } });
    const callBare = async () => {
      const { error } = await bare.GET('/endpoints/{id}', { params: { path: { id: 1 } } });
      if (error) throw new Error('unexpected');
    };
    const callRaw = async () => {
      const response = await fetch(`${server.url}/api/endpoints/1`, { headers: { 'X-API-Key': API_KEY } });
      await response.json();
    };
    const out = {} as LoopbackResults;
    for (const concurrency of [1, 32] as const) {
      const requests = concurrency === 1 ? 1500 : 6000;
      await throughput(callRaw, concurrency, 500); // warm-up, all three
      await throughput(callOurs, concurrency, 500);
      await throughput(callBare, concurrency, 500);
      const ours: number[] = [];
      const raw: number[] = [];
      const ratios: number[] = [];
      const bareRatios: number[] = [];
      const oursVsBare: number[] = [];
      for (let round = 0; round < 11; round++) {
        // Three variants, their order turned around every round.
        const order = round % 2 === 0 ? (['raw', 'ours', 'bare'] as const) : (['bare', 'ours', 'raw'] as const);
        const rps: Record<string, number> = {};
        for (const name of order) rps[name] = await throughput(name === 'raw' ? callRaw : name === 'ours' ? callOurs : callBare, concurrency, requests);
        ours.push(rps.ours!);
        raw.push(rps.raw!);
        ratios.push(rps.ours! / rps.raw!);
        bareRatios.push(rps.bare! / rps.raw!);
        oursVsBare.push(rps.ours! / rps.bare!);
      }
      out[concurrency === 1 ? 'c1' : 'c32'] = { oursRps: median(ours), rawRps: median(raw), ratio: median(ratios), openapiFetchRatio: median(bareRatios), vsOpenapiFetch: median(oursVsBare) };
    }
    return out;
  } finally {
    server.stop();
  }
}
