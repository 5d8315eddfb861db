// The ways a client can reach the network, which every time limit and every close() must cover
// alike: the platform's fetch, the caller's fetch (passing the Request and init on, as FetchLike
// asks, or copying it without the signal, so that only the client's own deadline can end a wait),
// and the Node entry's pool.
import { createPortainerClient as createNodeClient } from '../../src/node.js';
import { createPortainerClient, type PortainerClientOptions } from '../../src/index.js';

export const MODES = ['platform fetch', "caller's fetch", 'fetch that ignores signals', 'Node entry pool'] as const;
export type Mode = (typeof MODES)[number];

export function clientIn(mode: Mode, options: PortainerClientOptions) {
  if (mode === 'Node entry pool') return createNodeClient(options);
  if (mode === "caller's fetch") return createPortainerClient({ ...options, fetch: (request: Request, init?: RequestInit) => fetch(request, init) });
  if (mode === 'fetch that ignores signals') {
    return createPortainerClient({ ...options, fetch: (request: Request) => fetch(request.url, { method: request.method, headers: request.headers }) });
  }
  return createPortainerClient(options);
}
