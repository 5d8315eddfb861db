// Time per call of our client (API key, error handling, time limit, retry policy all on) against
// bare openapi-fetch, and against axios and a hey-api client generated from the same bundle, all
// answering through the same stub fetch.
import axios from 'axios';
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/portainer.js';
import { createPortainerClient } from '../../src/index.js';
import { interleaved, type Pair } from '../lib/measure.js';
import { API_KEY, ENDPOINT_BODY, stubFetch } from '../lib/stub.js';
import { heyApiClient } from './heyapi-client.js';

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

// axios with an adapter that answers like the stub: the body as text, parsed by axios itself.
const ax = axios.create({
  baseURL: 'http://portainer.bench/api',
  headers: { 'X-API-Key': API_KEY },
  adapter: async (config) => ({ data: ENDPOINT_BODY, status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, config, request: {} }),
});
const callAxios = async () => {
  const { data } = await ax.get(`/endpoints/${encodeURIComponent(1)}`);
  if (!data) throw new Error('unexpected');
};

export interface OverheadResults {
  vsOpenapiFetch: Pair;
  vsAxios: Pair;
  vsHeyApi: Pair;
}

export async function overhead(): Promise<OverheadResults> {
  const callHey = await heyApiClient(stubFetch);
  const options = { rounds: 15, units: 3000, warmupRounds: 3 };
  return {
    vsOpenapiFetch: await interleaved(callBare, callOurs, options), // ratio = ours ÷ bare
    vsAxios: await interleaved(callOurs, callAxios, options), // ratio = axios ÷ ours
    vsHeyApi: await interleaved(callOurs, callHey, options), // ratio = hey-api ÷ ours
  };
}
