// The Docker description seen from a request on the wire: which operation a method and path are
// (as the daemon's router reads them: an optional /v1.NN prefix, a name that may span segments),
// and, for the exchanges a validating Prism proxy cannot carry, the same checks Prism makes: query
// and header parameters against their schemas, the request's media type, the status, the
// response's media type (or its documented absence) and JSON bodies line by line.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { deref, operations, responseValidator, type Doc, type Operation } from '../helpers/spec-requests.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

export interface Match {
  op: Operation;
  /** The path as the description spells it: no version prefix, each parameter one encoded segment. */
  path: string;
  /** A parameter came across several segments (a name holding `/`, unencoded), now one encoded segment. */
  spanned: boolean;
}

/** `/v1.41/containers/json` → `/containers/json`: the daemon serves every route under both. */
export const VERSION_PREFIX = /^\/v[0-9.]+(?=\/)/;

export interface RequestBody {
  present: boolean;
  /** The body, parsed, when it was JSON and small enough to keep. */
  json?: unknown;
}

const pointerOf = (ref: string) => ref.replace(/^#\//, '').split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
const pointer = (parts: (string | number)[]) => `doc#/${parts.map((k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

interface Param {
  name: string;
  in: string;
  required: boolean;
  array: boolean;
  /** A JSON pointer (into the document registered as `doc`) to the parameter's schema. */
  schema: string;
}

/** The parameters of an operation, path-level ones included, each with a pointer to its schema. */
function parametersOf(doc: Doc, op: Operation): Param[] {
  const listed = [
    ...(op.item.parameters ?? []).map((p: any, i: number) => [p, ['paths', op.path, 'parameters', i]] as const),
    ...(op.op.parameters ?? []).map((p: any, i: number) => [p, ['paths', op.path, op.method, 'parameters', i]] as const),
  ];
  return listed.map(([raw, where]) => {
    const base = typeof raw.$ref === 'string' ? pointerOf(raw.$ref) : where;
    const param = deref(doc, raw);
    const schema = deref(doc, param.schema);
    return { name: param.name, in: param.in, required: Boolean(param.required), array: schema?.type === 'array', schema: pointer([...base, 'schema']) };
  });
}

export function specOf(doc: Doc) {
  const ops = operations(doc);
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: true, allowUnionTypes: true });
  for (const f of ['int32', 'int64', 'uint64', 'float', 'double', 'byte', 'binary', 'password']) ajv.addFormat(f, true);
  ajv.addSchema({ ...doc, $id: 'doc' });
  const validateBody = responseValidator(doc);
  const params = new Map(ops.map((op) => [op, parametersOf(doc, op)]));

  const compiled = new Map<Operation, ValidateFunction>();
  /** One schema for an operation's query and header parameters, as `in:name` properties (compiled once). */
  function parameterValidator(op: Operation): ValidateFunction {
    let validate = compiled.get(op);
    if (!validate) {
      const outside = params.get(op)!.filter((p) => p.in === 'query' || p.in === 'header');
      validate = ajv.compile({
        type: 'object',
        properties: Object.fromEntries(outside.map((p) => [`${p.in}:${p.name}`, { $ref: p.schema }])),
        required: outside.filter((p) => p.required).map((p) => `${p.in}:${p.name}`),
      });
      compiled.set(op, validate);
    }
    return validate;
  }

  const literals = (template: string) => template.split('/').filter((s) => s && !s.startsWith('{')).length;

  /** The operation for a request, as the daemon routes it; undefined when the description has none. */
  function match(method: string, rawPath: string): Match | undefined {
    const unversioned = rawPath.replace(VERSION_PREFIX, '');
    const candidates = ops.filter((op) => op.method === method.toLowerCase());
    const segments = unversioned.split('/');
    // First as written: every parameter one segment, literal segments preferred (as Prism does).
    const exact = candidates
      .filter((op) => {
        const t = op.path.split('/');
        return t.length === segments.length && t.every((s, i) => s === segments[i] || (s.startsWith('{') && Boolean(segments[i])));
      })
      .sort((a, b) => literals(b.path) - literals(a.path))[0];
    if (exact) return { op: exact, path: unversioned, spanned: false };
    // Then as the daemon's `{name:.*}` routes read it: one parameter across several segments,
    // which the description (like this package's client) wants as one encoded segment.
    for (const op of candidates.sort((a, b) => literals(b.path) - literals(a.path))) {
      const path = spread(op.path.split('/'), segments);
      if (path) return { op, path, spanned: true };
    }
    return undefined;
  }

  /**
   * Query and header parameters, and the body's media type (and a JSON body's shape), against the
   * description: violations, and query names it does not describe.
   */
  function checkRequest(m: Match, url: URL, headers: Record<string, string | string[] | undefined>, contentType: string | undefined, body: RequestBody) {
    const violations: string[] = [];
    const described = params.get(m.op)!;
    const values: Record<string, unknown> = {};
    for (const p of described) {
      if (p.in === 'query') {
        const all = url.searchParams.getAll(p.name);
        if (all.length) values[`query:${p.name}`] = p.array ? all : all.length === 1 ? all[0] : all;
      } else if (p.in === 'header' && headers[p.name.toLowerCase()] !== undefined) {
        values[`header:${p.name}`] = headers[p.name.toLowerCase()];
      }
    }
    const validate = parameterValidator(m.op);
    if (!validate(values)) violations.push(...(validate.errors ?? []).map((e) => ['request', e.instancePath, e.message].filter(Boolean).join(' ')));
    const declaredBody = deref(doc, m.op.op.requestBody);
    if (body.present) {
      const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
      const declared = Object.keys(declaredBody?.content ?? {});
      const key = declared.find((d) => d === media) ?? declared.find((d) => mediaMatches(media, d));
      if (!declared.length) violations.push('request has a body, the description none');
      else if (!key) violations.push(`request media type "${media}" is not one of ${declared.join(', ')}`);
      else if (/json/.test(key) && body.json !== undefined) {
        const base = typeof m.op.op.requestBody?.$ref === 'string' ? pointerOf(m.op.op.requestBody.$ref) : ['paths', m.op.path, m.op.method, 'requestBody'];
        const validate = ajv.getSchema(pointer([...base, 'content', key, 'schema'])) ?? ajv.compile({ $ref: pointer([...base, 'content', key, 'schema']) });
        if (!validate(body.json)) violations.push(...(validate.errors ?? []).map((e) => ['request body', e.instancePath, e.message].filter(Boolean).join(' ')));
      }
    } else if (declaredBody?.required) violations.push('request body is required');
    // dockerode copies its options into both the query and a JSON body; the daemon reads neither
    // copy where the description has no such parameter, so such echoes are not gaps.
    const echoed = new Set(body.json && typeof body.json === 'object' ? Object.keys(body.json) : []);
    const names = new Set(described.filter((p) => p.in === 'query').map((p) => p.name));
    const undescribed = [...new Set(url.searchParams.keys())].filter((k) => !names.has(k) && !echoed.has(k));
    return { violations, undescribed };
  }

  /**
   * The answer against the description: a documented status; a Content-Type among the declared ones,
   * or none where the response says the daemon sends none (`x-docker-content-type`); JSON bodies
   * (newline-delimited ones line by line) against their schemas.
   */
  function checkResponse(m: Match, status: number, contentType: string | undefined, body: Uint8Array | undefined): string[] {
    const responses = m.op.op.responses ?? {};
    const response = deref(doc, responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default);
    if (!response) return [`status ${status} is not documented`];
    const declared = Object.keys(response.content ?? {});
    const none = contentTypeExtension(response);
    // Like Prism: a response that describes no body has no media type to compare (a HEAD's
    // headers announce the type a GET would have).
    if (!declared.length && !none.length) return [];
    const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (!media) {
      if (declared.length && !none.includes('none')) return [`status ${status} came without a Content-Type; the description declares ${declared.join(', ')}`];
      return [];
    }
    if (!declared.some((d) => mediaMatches(media, d)) && !none.includes(media)) {
      return [`status ${status} came as "${media}"; the description declares ${[...declared, ...none].join(', ') || 'no body'}`];
    }
    if (!body || !/json/.test(media) || !declared.some((d) => /json/.test(d))) return [];
    const text = new TextDecoder().decode(body);
    const ndjson = [response, ...Object.values<any>(response.content)].some((c) => c['x-stream'] === 'ndjson');
    const documents = ndjson ? text.split('\n').filter((line) => line.trim()) : text.trim() ? [text] : [];
    return documents.flatMap((d) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(d);
      } catch {
        return [`body is not JSON: ${d.slice(0, 80)}`];
      }
      return validateBody(m.op, status, media, parsed);
    });
  }

  return { operations: ops, match, checkRequest, checkResponse };
}

/** What `x-docker-content-type` says a response may come as: `none`, or a media type, or a map of both. */
function contentTypeExtension(response: any): string[] {
  const value = response['x-docker-content-type'];
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).map(String);
  return [];
}

function mediaMatches(media: string, declared: string): boolean {
  if (declared === '*/*' || declared === media) return true;
  const [type, sub] = declared.split('/');
  return sub === '*' && media.startsWith(`${type}/`);
}

/**
 * The template's path when one of its parameters takes several segments of the request (the
 * middle ones) and every other part one: that parameter joined and encoded as one segment.
 */
function spread(template: string[], segments: string[]): string | undefined {
  const extra = segments.length - template.length;
  if (extra < 1) return undefined;
  const aligned = (t: string, s: string | undefined) => t === s || (t.startsWith('{') && Boolean(s));
  for (let i = 0; i < template.length; i++) {
    if (!template[i]!.startsWith('{')) continue;
    const before = template.slice(0, i).every((t, j) => aligned(t, segments[j]));
    const after = template.slice(i + 1).every((t, j) => aligned(t, segments[i + extra + 1 + j]));
    if (!before || !after) continue;
    const name = segments.slice(i, i + extra + 1).join('/');
    return [...segments.slice(0, i), encodeURIComponent(safeDecode(name)), ...segments.slice(i + extra + 1)].join('/');
  }
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
