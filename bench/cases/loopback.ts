// Throughput against a local keep-alive HTTP server (its own process): our client vs raw fetch with
// the same header, at concurrency 1 and 32.
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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
  c1: { oursRps: number; rawRps: number; ratio: number };
  c32: { oursRps: number; rawRps: number; ratio: number };
}

export async function loopback(): Promise<LoopbackResults> {
  // The client as users run it: compiled JavaScript (npm run build writes dist/).
  const { createPortainerClient }: typeof Client = await import(pathToFileURL(path.resolve('dist/src/index.js')).href);
  const server = await startBenchServer();
  try {
    const ours = createPortainerClient({ url: server.url, apiKey: API_KEY });
    const callOurs = async () => {
      const { error } = await ours.GET('/endpoints/{id}', { params: { path: { id: 1 } } });
      if (error) throw error;
    };
    const callRaw = async () => {
      const response = await fetch(`${server.url}/api/endpoints/1`, { headers: { 'X-API-Key': API_KEY } });
      await response.json();
    };
    const out = {} as LoopbackResults;
    for (const concurrency of [1, 32] as const) {
      const requests = concurrency === 1 ? 1500 : 6000;
      await throughput(callRaw, concurrency, 500); // warm-up, both
      await throughput(callOurs, concurrency, 500);
      const ours: number[] = [];
      const raw: number[] = [];
      const ratios: number[] = [];
      for (let round = 0; round < 7; round++) {
        let o: number;
        let r: number;
        if (round % 2 === 0) {
          r = await throughput(callRaw, concurrency, requests);
          o = await throughput(callOurs, concurrency, requests);
        } else {
          o = await throughput(callOurs, concurrency, requests);
          r = await throughput(callRaw, concurrency, requests);
        }
        ours.push(o);
        raw.push(r);
        ratios.push(o / r);
      }
      out[concurrency === 1 ? 'c1' : 'c32'] = { oursRps: median(ours), rawRps: median(raw), ratio: median(ratios) };
    }
    return out;
  } finally {
    server.stop();
  }
}
