// Wraps an openapi-fetch client so that every non-2xx response comes back as
// `{ error: PortainerError }`, non-JSON bodies are serialized as the spec says, path parameters
// are encoded safely, and requests go through our transport.
import createClient, { type Client, type Middleware, type MaybeOptionalInit, type ParseAsResponse } from 'openapi-fetch';
import type {
  HttpMethod,
  MediaType,
  PathsWithMethod,
  Readable,
  RequiredKeysOf,
  ResponseObjectMap,
  SuccessResponse,
} from 'openapi-typescript-helpers';
import { isStream, toBinary, toFormData } from './body.js';
import { PortainerError, errorFromResponse, errorFromTransport, transportCode } from './errors.js';
import { serializePath } from './path-params.js';
import type { Send, SendOptions } from './transport.js';
import { where } from './transport.js';

type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

/** What a call resolves to: the typed data, or a PortainerError; `response` is always there. */
export type Result<Operation extends Record<string | number, any>, Init> =
  | { data: ParseAsResponse<Readable<SuccessResponse<ResponseObjectMap<Operation>, MediaType>>, Init>; error?: never; response: Response }
  | { data?: never; error: PortainerError; response: Response };

export type TypedMethod<Paths extends Record<string, any>, Method extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path], Method>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<Result<Paths[Path][Method], Init>>;

export interface TypedClient<Paths extends Record<string, any>> {
  GET: TypedMethod<Paths, 'get'>;
  PUT: TypedMethod<Paths, 'put'>;
  POST: TypedMethod<Paths, 'post'>;
  DELETE: TypedMethod<Paths, 'delete'>;
  PATCH: TypedMethod<Paths, 'patch'>;
  HEAD: TypedMethod<Paths, 'head'>;
  OPTIONS: TypedMethod<Paths, 'options'>;
  /** Adds openapi-fetch middleware (for logging, tracing, custom headers). */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}

export interface WrapContext {
  baseUrl: string;
  send: Send;
  /** Non-JSON request media types, by `METHOD /path` (from generated/*.media.ts). */
  requestMedia: Readonly<Record<string, string>>;
  secrets: () => string[];
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

type AnyInit = Record<string, any> & { body?: unknown; parseAs?: string; headers?: Record<string, unknown>; retry?: boolean };

export function createTypedClient<Paths extends Record<string, any>>(context: WrapContext): TypedClient<Paths> {
  const raw: Client<Paths> = createClient<Paths>({ baseUrl: context.baseUrl, pathSerializer: serializePath });
  const client = {
    use: (...m: Middleware[]) => raw.use(...m),
    eject: (...m: Middleware[]) => raw.eject(...m),
  } as TypedClient<Paths>;

  for (const method of METHODS) {
    const callMethod = (raw as unknown as Record<string, (u: string, i: AnyInit) => Promise<any>>)[method]!;
    (client as unknown as Record<string, unknown>)[method] = async (url: string, init: AnyInit = {}) => {
      const { retry, ...options } = init;
      let streamBody = false;
      if (options.body !== undefined) {
        const media = context.requestMedia[`${method} ${url}`];
        if (media && !options.bodySerializer) {
          if (media === 'multipart/form-data') {
            options.bodySerializer = toFormData;
          } else {
            options.bodySerializer = toBinary;
            options.headers = { 'Content-Type': media, ...options.headers };
          }
        }
        streamBody = isStream(options.body);
        if (streamBody) options.duplex = 'half'; // Node's fetch requires it for stream bodies
      }
      const sending: SendOptions = { replayable: !streamBody, streaming: init.parseAs === 'stream', retry, signal: init.signal };
      options.fetch = (request: Request) => context.send(request, sending);
      let result: { data?: unknown; error?: unknown; response: Response };
      try {
        result = await callMethod(url, options);
      } catch (error) {
        if (error instanceof PortainerError) {
          if (error.method === '-') throw new PortainerError({ ...error, message: error.message, method, path: url });
          throw error;
        }
        // Thrown after the headers arrived: the body could not be read or parsed.
        const path = new URL(context.baseUrl).pathname + url;
        const seen = init.signal?.aborted ? 'aborted' : transportCode(error);
        const code = seen === 'network' ? 'unreadable-body' : seen; // a parse error, say
        throw errorFromTransport(error, { method, path }, context.secrets(), code);
      }
      if (!result.response.ok) {
        const request = { method, path: new URL(result.response.url || context.baseUrl).pathname };
        return { error: errorFromResponse(result.response, result.error, request, context.secrets()), response: result.response };
      }
      return result;
    };
  }
  return client;
}
