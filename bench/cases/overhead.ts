// Time per call of our client (API key, error handling, time limits, retry policy: all on, as
// shipped, compiled in dist/) against bare openapi-fetch, a hey-api client generated from the same
// bundle and axios (its fetch adapter), all four answering through the same stub fetch; and against
// axios's default HTTP adapter over a real local keep-alive server, where the round trip dominates.
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import axios from 'axios';
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/portainer.js';
import type * as Client from '../../src/index.js';
import { interleaved, type Pair } from '../lib/measure.js';
import { startBenchServer } from '../lib/spawn-server.js';
import { API_KEY, stubFetch } from '../lib/stub.js';
import { heyApiClient } from './heyapi-client.js';

/** The client as users run it: compiled JavaScript (npm run build writes dist/). */
const compiled = (): Promise<typeof Client> => import(pathToFileURL(path.resolve('dist/src/index.js')).href);

export interface OverheadResults {
  vsOpenapiFetch: Pair;
  vsAxios: Pair;
  vsAxiosOverHttp: Pair;
  vsHeyApi: Pair;
}

export async function overhead(): Promise<OverheadResults> {
  const { createPortainerClient } = await compiled();
  const options = { rounds: 21, units: 4000, warmupRounds: 3 };

  const ours = createPortainerClient({ url: 'http://portainer.bench', apiKey: API_KEY, fetch: stubFetch });
  const callOurs = async () => {
    const { data, error } = await ours.GET('/endpoints/{id}', { params: { path: { id: 1 } } });
    if (error || !data) throw new Error('unexpected');
  };
  const bare = createClient<paths>({ baseUrl: 'http://portainer.bench/api', fetch: stubFetch, headers: { 'X-API-Key': API_KEY } });
  const callBare = async () => {
    const { data, error } = await bare.GET('/endpoints/{id}', { params: { path: { id: 1 } } });
    if (error || !data) throw new Error('unexpected');
  };
  const callHey = await heyApiClient(stubFetch);
  const axStub = axios.create({
    baseURL: 'http://portainer.bench/api',
    adapter: 'fetch',
    env: { fetch: stubFetch },
    headers: { 'X-API-Key': API_KEY },
  });
  const callAxiosStub = async () => {
    const { data } = await axStub.get(`/endpoints/${encodeURIComponent(1)}`);
    if (!data) throw new Error('unexpected');
  };
  const vsOpenapiFetch = await interleaved(callBare, callOurs, options); // ratio = ours ÷ bare
  const vsHeyApi = await interleaved(callOurs, callHey, options); // ratio = hey-api ÷ ours
  const vsAxios = await interleaved(callOurs, callAxiosStub, options); // ratio = axios ÷ ours

  const server = await startBenchServer();
  try {
    const overHttp = createPortainerClient({ url: server.url, apiKey: API_KEY });
    const callOursHttp = async () => {
      const { data, error } = await overHttp.GET('/endpoints/{id}', { params: { path: { id: 1 } } });
      if (error || !data) throw new Error('unexpected');
    };
    const ax = axios.create({
      baseURL: `${server.url}/api`,
      headers: { 'X-API-Key': API_KEY },
      httpAgent: new http.Agent({ keepAlive: true }),
    });
    const callAxios = async () => {
      const { data } = await ax.get(`/endpoints/${encodeURIComponent(1)}`);
      if (!data) throw new Error('unexpected');
    };
    const vsAxiosOverHttp = await interleaved(callOursHttp, callAxios, { rounds: 11, units: 1500, warmupRounds: 2 }); // ratio = axios ÷ ours
    await overHttp.close();
    return { vsOpenapiFetch, vsAxios, vsAxiosOverHttp, vsHeyApi };
  } finally {
    server.stop();
  }
}
