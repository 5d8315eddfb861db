// The typed call: builds the URL, headers and body a route needs (non-JSON media types come from
// the spec, through generated/*.media.ts), runs openapi-fetch middleware on a Request that never
// carries credentials, sends through the transport and parses the answer. Its one rule: an HTTP
// answer resolves (`{ data }` for 2xx, `{ error }` otherwise); a failure without one rejects.
import type { MaybeOptionalInit, Middleware, ParseAsResponse } from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod, Readable, RequiredKeysOf, ResponseObjectMap, SuccessResponse } from 'openapi-typescript-helpers';
import { toBinary, toFormData } from './body.js';
import { PortainerError, errorFromResponse, errorFromTransport, invalid } from './errors.js';
import { headerPairs } from './options.js';
import { serializePath, serializeQuery } from './path-params.js';
import { answered, type Outgoing, type Received, type Transport } from './transport.js';

type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & CallOptions)?] : [Init & CallOptions];

/** Options of one call beyond openapi-fetch's. */
export interface CallOptions {
  /** Retry this call on failure whatever its method (true), or never (false); default: by method. */
  retry?: boolean;
  [key: string]: unknown;
}

/** What a call resolves to: the typed data, or a PortainerError; `response` is always there. */
export type Result<Operation extends Record<string | number, any>, Init> =
  | { data: ParseAsResponse<Readable<SuccessResponse<ResponseObjectMap<Operation>, MediaType>>, Init>; error?: never; response: Response }
  | { data?: never; error: PortainerError; response: Response };

/** One HTTP method of a typed client: the paths that have it, with their parameters, body and answer typed from the description. */
export type TypedMethod<Paths extends Record<string, any>, Method extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path], Method>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<Result<Paths[Path][Method], Init>>;

/** A typed client for one document: one method per HTTP verb, typed by path. */
export type TypedClient<Paths extends Record<string, any>> = { [M in (typeof METHODS)[number]]: TypedMethod<Paths, Lowercase<M>> } & {
  /** Adds openapi-fetch middleware (logging, tracing, headers); it never sees credentials. */
  use(...middleware: Middleware[]): void;
  /** Removes middleware added with use(). */
  eject(...middleware: Middleware[]): void;
};

export interface CoreContext {
  baseUrl: string;
  transport: Transport;
  /** Non-JSON request media types, by `METHOD /path` (from generated/*.media.ts). */
  requestMedia: Readonly<Record<string, string>>;
  secrets: () => string[];
  /** Path parameters are Docker names: a leading `/` (as the daemon reports names) is dropped. */
  dockerNames?: boolean;
  /** Why the server cannot serve `method path` (its Portainer version), checked before sending. */
  unsupported?: (method: string, path: string) => Promise<string | undefined>;
}

type Init = {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
  body?: unknown;
  headers?: unknown;
  parseAs?: string;
  signal?: AbortSignal | null;
  retry?: boolean;
  bodySerializer?: (body: unknown) => BodyInit;
  querySerializer?: unknown;
};

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;
const PARSE_AS = new Set(['json', 'text', 'blob', 'arrayBuffer', 'stream']);
const SECRET_HEADERS = new Set(['x-registry-auth', 'x-api-key', 'authorization', 'cookie']);
const decoder = new TextDecoder();

function addHeaders(target: Headers, source: unknown, secrets: string[]): void {
  for (const [name, value] of headerPairs(source, 'invalid-request')) {
    if (SECRET_HEADERS.has(name.toLowerCase())) secrets.push(value);
    target.set(name, value);
  }
}

function parse({ response, bytes }: Received, out: Outgoing, parseAs: string, secrets: () => string[]): { data?: unknown; error?: PortainerError; response: Response } {
  if (!response.ok || response.redirected) return { error: errorFromResponse(response, bytes ? decoder.decode(bytes) : '', out, [...secrets(), ...out.secrets!]), response };
  if (parseAs === 'stream') return { data: response.body, response };
  if (!bytes?.byteLength || out.method === 'HEAD' || response.status === 204) return { data: undefined, response };
  if (parseAs === 'text') return { data: decoder.decode(bytes), response };
  if (parseAs === 'blob') return { data: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: response.headers.get('content-type') ?? '' }), response };
  if (parseAs === 'arrayBuffer') return { data: bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer, response };
  try {
    return { data: JSON.parse(decoder.decode(bytes)), response };
  } catch {
    // The parser's own message quotes the body, which may hold anything: only its size is told.
    throw new PortainerError({ ...out, code: 'unreadable-body', message: 'The response body is not JSON', details: `${bytes.byteLength} bytes, ${response.headers.get('content-type') ?? 'no content type'}` });
  }
}

export function createTypedClient<Paths extends Record<string, any>>(context: CoreContext): TypedClient<Paths> {
  const middleware: Middleware[] = [];
  const basePath = new URL(context.baseUrl).pathname.replace(/\/$/, '');

  /** Everything that can be refused before sending is refused here, as `invalid-request`. */
  function prepare(method: string, path: string, init: Init): Outgoing {
    const { params = {}, body, parseAs = 'json' } = init;
    if (!PARSE_AS.has(parseAs)) invalid(`parseAs must be one of ${[...PARSE_AS].join(', ')}`, 'invalid-request');
    if (init.retry !== undefined && typeof init.retry !== 'boolean') invalid('`retry` must be true or false', 'invalid-request');
    const pathname = basePath + serializePath(path, params.path, context.dockerNames);
    if (init.querySerializer !== undefined && typeof init.querySerializer !== 'function') invalid('querySerializer must be a function (its options form is not supported)', 'invalid-request');
    const query = params.query ? ((init.querySerializer as typeof serializeQuery | undefined) ?? serializeQuery)(params.query) : '';
    const headers = new Headers();
    const secrets: string[] = [];
    addHeaders(headers, init.headers, secrets);
    addHeaders(headers, params.header, secrets);
    let payload: BodyInit | null = null;
    if (body !== undefined) {
      const media = context.requestMedia[`${method} ${path}`];
      if (init.bodySerializer) payload = init.bodySerializer(body);
      else if (media === 'multipart/form-data') payload = toFormData(body);
      else {
        payload = media ? toBinary(body) : JSON.stringify(body);
        if (!headers.has('content-type')) headers.set('Content-Type', media ?? 'application/json');
      }
    }
    const url = `${context.baseUrl.slice(0, context.baseUrl.length - basePath.length)}${pathname}${query ? `?${query}` : ''}`;
    const replayable = !(payload instanceof ReadableStream);
    return { method, url, path: pathname, headers, body: payload, replayable, streaming: parseAs === 'stream', retry: init.retry, signal: init.signal ?? undefined, secrets };
  }

  async function call(method: string, path: string, init: Init = {}) {
    let out: Outgoing;
    try {
      out = prepare(method, path, init);
    } catch (error) {
      const where = { method, path: basePath + path };
      if (error instanceof PortainerError) throw new PortainerError({ ...error, message: error.message, ...where });
      throw errorFromTransport(error, where, context.secrets(), 'invalid-request');
    }
    const unsupported = await context.unsupported?.(method, path);
    if (unsupported) throw new PortainerError({ code: 'unsupported-version', message: unsupported, method, path: out.path });
    const parseAs = init.parseAs ?? 'json';
    // Middleware sees a Request built before credentials are added; what onRequest changes is sent.
    const hook = middleware.length ? { schemaPath: path, params: init.params ?? {}, options: { baseUrl: context.baseUrl, parseAs } as never, id: String(Math.random()) } : undefined;
    let request: Request | undefined;
    if (hook) {
      const original = (request = new Request(out.url, { method, headers: out.headers, body: out.replayable ? out.body : null }));
      for (const m of middleware) {
        const result: unknown = await m.onRequest?.({ ...hook, request });
        if (result instanceof Request) request = result;
      }
      out = { ...out, url: request.url, method: request.method, path: new URL(request.url).pathname, headers: new Headers(request.headers) };
      if (request !== original) Object.assign(out, { body: request.body, replayable: request.body === null });
      else if (out.body instanceof FormData) out.headers.delete('content-type'); // fetch writes the form with a boundary of its own
    }
    let answer: Received;
    try {
      answer = await context.transport.send(out);
    } catch (error) {
      for (const m of hook ? middleware : []) await m.onError?.({ ...hook!, request: request!, error });
      const response = answered.get(error as PortainerError); // a refused login: an HTTP answer
      if (response) return { error, response };
      throw error;
    }
    for (const m of hook ? middleware : []) {
      const result: unknown = await m.onResponse?.({ ...hook!, request: request!, response: answer.bytes?.byteLength ? new Response(answer.bytes.slice(), answer.response) : answer.response });
      if (result instanceof Response) answer = { response: result, bytes: out.streaming && result.ok ? undefined : new Uint8Array(await result.arrayBuffer()) };
    }
    return parse(answer, out, parseAs, context.secrets);
  }

  const client = {
    use: (...m: Middleware[]) => { for (const one of m) if (!one || typeof one !== 'object') invalid('middleware must be objects'); middleware.push(...m); },
    eject: (...m: Middleware[]) => { for (const one of m) if (middleware.includes(one)) middleware.splice(middleware.indexOf(one), 1); },
  } as Record<string, unknown>;
  for (const method of METHODS) client[method] = (url: string, init?: Init) => call(method, url, init);
  return client as unknown as TypedClient<Paths>;
}
