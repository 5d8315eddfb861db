// Builds a request for any operation of a bundled document from the document's own examples, and
// validates response bodies against the operation's schemas. Used by the generic contract test.
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = (formats as unknown as { default: (ajv: Ajv2020) => void }).default;

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Doc = Record<string, any>;
export const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface Operation {
  method: (typeof METHODS)[number];
  path: string;
  op: any;
  item: any;
  id: string;
}

export function operations(doc: Doc): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const method of METHODS) {
      if (item[method]) out.push({ method, path, item, op: item[method], id: `${method.toUpperCase()} ${path} (${item[method].operationId})` });
    }
  }
  return out;
}

const pointer = (ref: string) => ref.replace(/^#\//, '').split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));

export function deref(doc: Doc, node: any): any {
  let current = node;
  for (let hops = 0; current && typeof current === 'object' && typeof current.$ref === 'string' && hops < 20; hops++) {
    current = pointer(current.$ref).reduce((o: any, k) => o?.[k], doc);
  }
  return current;
}

export const NO_EXAMPLE = Symbol('no example');

/** The example a parameter, media type or schema gives, or NO_EXAMPLE. */
export function exampleOf(doc: Doc, holder: any): unknown {
  if (!holder) return NO_EXAMPLE;
  if (holder.example !== undefined) return holder.example;
  const named = Object.values<any>(holder.examples ?? {})[0];
  if (named !== undefined && !Array.isArray(holder.examples)) return deref(doc, named)?.value;
  const schema = deref(doc, holder.schema ?? (holder.type || holder.anyOf || holder.$ref ? holder : undefined));
  if (!schema) return NO_EXAMPLE;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.example !== undefined) return schema.example;
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  return NO_EXAMPLE;
}

export interface BuiltRequest {
  params: { path: Record<string, unknown>; query: Record<string, unknown>; header: Record<string, unknown> };
  body?: unknown;
  mediaType?: string;
  missing: string[];
}

function isBinary(schema: any): boolean {
  return schema?.format === 'binary' || (schema?.type === 'string' && typeof schema.contentMediaType === 'string' && !/json|text|yaml|pem/.test(schema.contentMediaType));
}

export function buildRequest(doc: Doc, { item, op }: Operation): BuiltRequest {
  const built: BuiltRequest = { params: { path: {}, query: {}, header: {} }, missing: [] };
  const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(doc, p));
  for (const param of params) {
    if (!param.required && param.in !== 'path') continue;
    const value = exampleOf(doc, param);
    if (value === NO_EXAMPLE) {
      built.missing.push(`${param.in} parameter ${param.name}`);
      continue;
    }
    if (param.in === 'path' || param.in === 'query' || param.in === 'header') built.params[param.in as 'path' | 'query' | 'header'][param.name] = value;
  }
  const body = deref(doc, op.requestBody);
  if (body?.content) {
    const [mediaType, media] = Object.entries<any>(body.content)[0]!;
    built.mediaType = mediaType;
    const schema = deref(doc, media.schema);
    if (/json/.test(mediaType) || mediaType === 'multipart/form-data' || mediaType === 'application/x-www-form-urlencoded') {
      let value = exampleOf(doc, media);
      if (value === NO_EXAMPLE && body.required) built.missing.push(`${mediaType} request body example`);
      if (value !== NO_EXAMPLE && mediaType === 'multipart/form-data' && value && typeof value === 'object') {
        // File parts travel as files, as a real client sends them.
        const form: Record<string, unknown> = { ...(value as object) };
        for (const [name, prop] of Object.entries<any>(schema?.properties ?? {})) {
          const p = deref(doc, prop);
          if (!isBinary(p)) continue;
          if (form[name] !== undefined || (schema.required ?? []).includes(name)) {
            form[name] = new File([String(form[name] ?? `example ${name}`)], `${name}.txt`);
          }
        }
        value = form;
      }
      if (value !== NO_EXAMPLE) built.body = value;
    } else if (body.required) {
      built.body = new Blob([`example ${mediaType} body`], { type: mediaType });
    }
  }
  return built;
}

/** The credential an operation needs: none, an API key, or a JWT. */
export function credentialFor(doc: Doc, op: any): 'none' | 'apiKey' | 'jwt' {
  const security = op.security ?? doc.security ?? [];
  if (security.length === 0 || security.some((r: object) => Object.keys(r).length === 0)) return 'none';
  return security.some((r: object) => 'ApiKeyAuth' in r) ? 'apiKey' : 'jwt';
}

/**
 * The status a call should get from the mock. Normally the first 2xx/3xx. A WebSocket route documents
 * only 101, which fetch cannot receive: ask for its first documented error instead. A path the server
 * does not route documents only its 404.
 */
export function expectedStatus(op: any): { code: string; prefer?: string } {
  const codes = Object.keys(op.responses ?? {});
  const success = codes.find((c) => /^[23]/.test(c));
  if (success) return { code: success };
  const fallback = codes.find((c) => !/^1/.test(c))!;
  return { code: fallback, prefer: codes.includes('101') ? fallback : undefined };
}

/** How to read the body of the expected response, from its media type. */
export function parseAsFor(doc: Doc, op: any): 'json' | 'text' | 'blob' {
  const expected = op.responses?.[expectedStatus(op).code];
  const media = Object.keys(deref(doc, expected)?.content ?? {})[0] ?? 'application/json';
  if (/json/.test(media)) return 'json';
  if (/^text\/|yaml/.test(media)) return 'text';
  return 'blob';
}

/** Validates JSON bodies against the schema the spec gives for a status and media type. */
export function responseValidator(doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'uint64', 'float', 'double', 'byte', 'binary', 'password']) ajv.addFormat(f, true);
  ajv.addSchema({ ...doc, $id: 'doc' });
  return (op: Operation, status: number, contentType: string | null, body: unknown): string[] => {
    const responses = op.op.responses ?? {};
    const code = responses[String(status)] ? String(status) : responses[`${String(status)[0]}XX`] ? `${String(status)[0]}XX` : 'default';
    const response = deref(doc, responses[code]);
    if (!response) return [`status ${status} is not documented`];
    const media = (contentType ?? '').split(';')[0]!.trim();
    if (!response.content || !/json/.test(media)) return [];
    const key = Object.keys(response.content).find((m) => m === media) ?? Object.keys(response.content).find((m) => /json/.test(m));
    if (!key) return [`content type ${media} is not documented for ${status}`];
    const where = ['paths', op.path, op.method, 'responses', code, 'content', key, 'schema'];
    const ref = `doc#/${where.map((k) => k.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
    const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}`);
  };
}
