// A TypeScript sample for an operation that has no hand-written one (openapi/code-samples/): the
// client of this package calling it with the operation's own examples — path, required query and
// header parameters, the example body — and reading the answer as its media type says. The docs
// show it in the request panel; test/unit/code-samples.test.ts compiles every one of them.
import { METHODS } from './methods.js';
import { MOUNT } from './mount-docker.js';
import { call, code, literal } from './ts-literal.js';

/** Columns a sample line may use: what the docs' sample panel shows without scrolling at 1400 px. */
export const SAMPLE_WIDTH = 60;
export const SAMPLE_LABEL = 'portainer-openapi';
const PORTAINER_URL = 'https://portainer.example.org:9443';

const resolver = (doc) => {
  const resolve = (node, seen = new Set()) => {
    if (!node?.$ref) return node;
    if (seen.has(node.$ref)) throw new Error(`circular $ref ${node.$ref}`);
    seen.add(node.$ref);
    const target = node.$ref.replace(/^#\//, '').split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((at, k) => at?.[k], doc);
    if (target === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
    return resolve(target, seen);
  };
  return resolve;
};

/** The example a parameter, media type or schema gives, if any. */
function exampleOf(node, resolve) {
  if (!node) return undefined;
  if (node.example !== undefined) return node.example;
  // A schema's `examples` is a list of values; a parameter's or media type's, a map of Example objects.
  if (Array.isArray(node.examples)) return node.examples[0];
  const named = Object.values(node.examples ?? {})[0];
  if (named !== undefined) return resolve(named).value;
  const schema = resolve(node.schema ?? null);
  if (schema && schema !== node) return exampleOf(schema, resolve);
  return undefined;
}

function placeholder(param, resolve) {
  const schema = resolve(param.schema) ?? {};
  const found = exampleOf(param, resolve) ?? schema.default ?? schema.enum?.[0] ?? schema.const;
  if (found !== undefined) return found;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  return param.name;
}

const isBinary = (schema) => schema?.format === 'binary' || (schema?.type === 'string' && schema?.contentEncoding === 'binary');

const FILE_NAME = /^[\w.-]+\.[A-Za-z0-9]+$/;

/**
 * A multipart example: file fields become Blobs, read from the file the example names
 * (`backup.tar.gz`) or made of the example's text (a Compose file).
 */
function formBody(example, schema, resolve) {
  const properties = resolve(schema)?.properties ?? {};
  let readsFiles = false;
  const value = Object.fromEntries(Object.entries(example).map(([name, field]) => {
    if (!isBinary(resolve(properties[name]))) return [name, field];
    const text = String(field);
    if (FILE_NAME.test(text)) {
      readsFiles = true;
      return [name, call('await openAsBlob', text)];
    }
    return [name, code(`new Blob([${literal(text, { width: Infinity })}])`)];
  }));
  return { value, imports: readsFiles ? { 'node:fs': ['openAsBlob'] } : {} };
}

/** What the body is, and what the sample needs to import for it. */
function bodyOf(op, resolve) {
  const body = resolve(op.requestBody);
  if (!body) return undefined;
  const [media, content] = Object.entries(body.content ?? {})[0] ?? [];
  if (!media) return undefined;
  const example = exampleOf(content, resolve);
  if (media === 'multipart/form-data') return example && formBody(example, content.schema, resolve);
  if (/json/.test(media)) return example === undefined ? (body.required ? { value: {} } : undefined) : { value: example };
  if (/^text\//.test(media) && typeof example === 'string') return { value: example };
  // Bytes (tarballs, build contexts): read from a file, as a user would.
  const file = /tar/.test(media) ? 'archive.tar' : 'upload.bin';
  return { value: code(`await openAsBlob('${file}')`), imports: { 'node:fs': ['openAsBlob'] } };
}

/** How the answer is read: JSON by default; text, bytes or a stream as the success media type says. */
function answerOf(op, resolve) {
  const [status, raw] = Object.entries(op.responses ?? {}).find(([code]) => /^2/.test(code)) ?? [];
  const response = resolve(raw);
  const entries = Object.entries(response?.content ?? {});
  if (!entries.length) return { kind: 'none', status };
  const [media, content] = entries[0];
  const stream = content['x-stream'] ?? response['x-stream'];
  if (stream === 'ndjson') return { kind: 'ndjson', parseAs: 'stream' };
  if (stream === 'multiplexed' || stream === 'raw') return { kind: 'docker-stream', parseAs: 'stream' };
  if (stream === 'tar' || /tar|gzip|octet-stream|zip/.test(media)) {
    const file = stream === 'tar' || /tar/.test(media) ? DOWNLOAD.tar : /gzip/.test(media) ? DOWNLOAD.gzip : DOWNLOAD.other;
    return { kind: 'file', parseAs: 'blob', file };
  }
  if (/json/.test(media)) return { kind: 'json' };
  return { kind: 'text', parseAs: 'text' };
}

function clientLines(op, docker) {
  const security = op.security;
  const jwtOnly = Array.isArray(security) && security.length > 0 && security.every((s) => Object.keys(s).join() === 'jwt');
  const credential = Array.isArray(security) && security.length === 0
    ? []
    : [jwtOnly ? '  jwt: process.env.PORTAINER_JWT!,' : '  apiKey: process.env.PORTAINER_API_KEY!,'];
  const lines = ['const portainer = createPortainerClient({', `  url: '${PORTAINER_URL}',`, ...credential, '});'];
  if (docker) lines.push('const docker = portainer.docker(1);');
  return lines;
}

/** A `//` comment wrapped at word boundaries within the sample width. */
function comment(text, indent = '') {
  const lines = [];
  let line = `${indent}//`;
  for (const word of text.split(' ')) {
    if (line.length > indent.length + 2 && line.length + 1 + word.length > SAMPLE_WIDTH) {
      lines.push(line);
      line = `${indent}//`;
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

const DOWNLOAD = { tar: 'archive.tar', gzip: 'backup.tar.gz', other: 'download.bin' };

function readLines(answer) {
  const lines = ['if (error) throw error;'];
  switch (answer.kind) {
    case 'none':
      lines.push("console.log('done');");
      break;
    case 'ndjson':
      lines.push(...comment('One JSON object per line, as the daemon sends them.'), 'for await (const message of ndjson(data!)) {', '  console.log(message);', '}');
      break;
    case 'docker-stream':
      lines.push(
        ...comment('Frames of stdout and stderr; a container with a TTY sends raw bytes instead (read them with rawDockerStream).'),
        'for await (const chunk of demultiplexDockerStream(data!)) {',
        '  process.stdout.write(chunk.data);',
        '}',
      );
      break;
    case 'file':
      lines.push('const bytes = Buffer.from(await data.arrayBuffer());', `await writeFile('${answer.file}', bytes);`);
      break;
    default:
      lines.push('console.log(data);');
  }
  return lines;
}

/** The call's options object: params, body, parseAs. */
function callOptions(p, method, op, item, resolve, docker) {
  const params = {};
  const all = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((x) => resolve(x));
  const byKey = new Map(all.map((x) => [`${x.in} ${x.name}`, x])); // operation parameters win
  for (const param of byKey.values()) {
    if (docker && param.in === 'path' && param.name === 'endpointId') continue;
    if (param.in === 'cookie') continue;
    if (param.in !== 'path' && !param.required) continue;
    (params[param.in] ??= {})[param.name] = placeholder(param, resolve);
  }
  const options = {};
  if (Object.keys(params).length) options.params = params;
  const body = bodyOf(op, resolve);
  if (body) options.body = body.value;
  return { options, imports: body?.imports ?? {} };
}

/**
 * A TypeScript sample for `method path` of `doc` (the Portainer bundle, Docker mounted), using
 * this package's client. Docker routes go through `portainer.docker(1)`.
 */
export function generateSample(doc, p, method) {
  const resolve = resolver(doc);
  const item = doc.paths[p];
  const op = item[method];
  const docker = p.startsWith(`${MOUNT}/`);
  const route = docker ? p.slice(MOUNT.length) : p;
  const client = docker ? 'docker' : 'portainer';
  const METHOD = method.toUpperCase();

  if (Object.keys(op.responses ?? {}).includes('101')) return webSocketSample(doc, p, method, route, docker, resolve);

  const answer = answerOf(op, resolve);
  const { options, imports } = callOptions(p, method, op, item, resolve, docker);
  if (answer.parseAs) options.parseAs = answer.parseAs;
  const named = { 'portainer-openapi': ['createPortainerClient'], ...imports };
  if (answer.kind === 'ndjson') named['portainer-openapi'].push('ndjson');
  if (answer.kind === 'docker-stream') named['portainer-openapi'].push('demultiplexDockerStream');
  if (answer.kind === 'file') (named['node:fs/promises'] ??= []).push('writeFile');

  const target = answer.kind === 'none' ? '{ error }' : '{ data, error }';
  const head = `const ${target} = await ${client}.${METHOD}(`;
  const path = `'${route}'`;
  let call;
  if (!Object.keys(options).length) {
    call = head.length + path.length + 2 <= SAMPLE_WIDTH ? [`${head}${path});`] : [head, `  ${path},`, ');'];
  } else if (head.length + path.length + 3 <= SAMPLE_WIDTH) {
    const rest = literal(options, { used: head.length + path.length + 2, tail: ');', width: SAMPLE_WIDTH });
    call = [`${head}${path}, ${rest});`];
  } else {
    call = [head, `  ${path},`, `  ${literal(options, { indent: '  ', tail: ',', width: SAMPLE_WIDTH })},`, ');'];
  }

  const notRouted = op.deprecated && Object.keys(op.responses ?? {}).every((c) => c === '404');
  const warning = notRouted
    ? comment('Not routed: the server answers 404 to this path whatever you send. The description names the route to call instead.')
    : [];
  return [
    ...importLines(named),
    '',
    ...clientLines(op, docker),
    '',
    ...warning,
    ...call,
    ...readLines(answer),
    '',
  ].join('\n');
}

function importLines(named) {
  const order = (m) => (m.startsWith('node:') ? 0 : 1);
  return Object.entries(named).sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b)).flatMap(([module, names]) => {
    const line = `import { ${names.join(', ')} } from '${module}';`;
    return line.length <= SAMPLE_WIDTH ? [line] : ['import {', ...names.map((n) => `  ${n},`), `} from '${module}';`];
  });
}

/** Routes that upgrade to a WebSocket (101): the URL to open, not a fetch call. */
function webSocketSample(doc, p, method, route, docker, resolve) {
  const item = doc.paths[p];
  const op = item[method];
  const all = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((x) => resolve(x));
  const pathParams = Object.fromEntries(all.filter((x) => x.in === 'path').map((x) => [x.name, placeholder(x, resolve)]));
  const full = `/api${docker ? MOUNT.replace('{endpointId}', '1') : ''}${route}`
    .replace(/\{([^{}]+)\}/g, (m, name) => (name in pathParams ? encodeURIComponent(String(pathParams[name])) : m));
  const query = all.filter((x) => x.in === 'query' && x.required).flatMap((x) => {
    const args = [literal(x.name), literal(String(placeholder(x, resolve)))];
    const line = `url.searchParams.set(${args.join(', ')});`;
    return line.length <= SAMPLE_WIDTH ? [line] : ['url.searchParams.set(', ...args.map((a) => `  ${a},`), ');'];
  });
  return [
    ...comment(`${method.toUpperCase()} ${route} upgrades the connection to a WebSocket (101): open the URL below with a WebSocket client (the \`ws\` package, for example), not with fetch, and send the API key in X-API-Key as for any other call.`),
    'const url = new URL(',
    `  ${literal(full)},`,
    `  '${PORTAINER_URL.replace('https', 'wss')}',`,
    ');',
    ...query,
    'console.log(url.href);',
    '',
  ].join('\n');
}

/** Every operation of the bundle, with the sample the docs show: hand-written or generated. */
export function samplesOf(doc) {
  const out = [];
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const written = (op['x-codeSamples'] ?? []).find((s) => s.label === SAMPLE_LABEL);
      out.push({ path: p, method, operationId: op.operationId, generated: !written, source: written?.source ?? generateSample(doc, p, method) });
    }
  }
  return out;
}
