// The TypeScript code samples the docs show are real code: the hand-written ones (`x-codeSamples`)
// taken from the bundles, as a reader copies them, and the ones generated for every other
// operation (scripts/lib/code-samples.js, as the docs build makes them), all compiled with tsc
// against src/ (the package name `portainer-openapi` maps to src/index.ts). A sample that no longer
// compiles fails here, and so does a key operation that lost its sample. A deliberately broken copy
// proves the check bites.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { SAMPLE_WIDTH, samplesOf } from '../../scripts/lib/code-samples.js';

const run = promisify(execFile);
type Sample = { lang: string; label?: string; source: string };
type Doc = { paths: Record<string, Record<string, { operationId?: string; 'x-codeSamples'?: Sample[] }>> };

const load = (file: string): Doc => JSON.parse(fs.readFileSync(file, 'utf8'));
const docs = { portainer: load('generated/portainer.openapi.json'), docker: load('generated/docker.openapi.json') };

function samples(doc: Doc) {
  const found: { key: string; operationId: string; sample: Sample }[] = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      for (const sample of (op && typeof op === 'object' && op['x-codeSamples']) || []) {
        found.push({ key: `${method.toUpperCase()} ${p}`, operationId: op.operationId!, sample });
      }
    }
  }
  return found;
}

const portainerSamples = samples(docs.portainer);
const dockerSamples = samples(docs.docker);
type Shown = { path: string; method: string; operationId: string; generated: boolean; source: string };
/** What the docs show for every operation of the Portainer bundle (Docker mounted). */
const shown: Shown[] = samplesOf(docs.portainer);
const operationCount = Object.values(docs.portainer.paths)
  .flatMap((item) => Object.entries(item).filter(([m]) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(m))).length;
const MOUNT = '/endpoints/{endpointId}/docker';

/** The operations a newcomer reaches for first; each must show a TypeScript sample. */
const KEY_OPERATIONS = [
  'POST /auth',
  'GET /endpoints',
  'POST /endpoints',
  'GET /stacks',
  'POST /stacks/create/standalone/string',
  'POST /stacks/create/standalone/file',
  'PUT /stacks/{id}',
  'POST /users/{id}/tokens',
  `GET ${MOUNT}/containers/json`,
  `POST ${MOUNT}/containers/create`,
  `POST ${MOUNT}/containers/{id}/start`,
  `GET ${MOUNT}/containers/{id}/logs`,
  `POST ${MOUNT}/images/create`,
];

const scratch = path.resolve('.tmp', `code-samples-${process.pid}`);
const BROKEN = 'zz-broken-on-purpose.ts';
let diagnostics: string[] = [];
let tscExit = 0;

beforeAll(async () => {
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  const all = [...portainerSamples, ...dockerSamples.map((s) => ({ ...s, operationId: `docker-${s.operationId}` }))];
  for (const { operationId, sample } of all) {
    if (sample.lang === 'TypeScript') fs.writeFileSync(path.join(scratch, `${operationId}.ts`), sample.source);
  }
  for (const { operationId, source, generated } of shown) {
    if (generated) fs.writeFileSync(path.join(scratch, `generated-${operationId}.ts`), source);
  }
  // A copy of a real sample with a path the API does not have: tsc must reject it.
  const endpointList = portainerSamples.find((s) => s.operationId === 'EndpointList')!.sample.source;
  fs.writeFileSync(path.join(scratch, BROKEN), endpointList.replace("GET('/endpoints'", "GET('/endpointz'"));
  fs.writeFileSync(
    path.join(scratch, 'tsconfig.json'),
    JSON.stringify({ extends: '../../tsconfig.json', include: ['*.ts'] }),
  );
  try {
    await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', path.join(scratch, 'tsconfig.json'), '--pretty', 'false'], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    tscExit = e.code ?? 1;
    diagnostics = (e.stdout ?? String(error)).split('\n').filter((line) => /error TS\d+/.test(line));
  }
}, 180_000);

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('x-codeSamples', () => {
  it('has a TypeScript sample using portainer-openapi on every key operation', () => {
    const withSample = new Set(portainerSamples.filter((s) => s.sample.lang === 'TypeScript').map((s) => s.key));
    expect(KEY_OPERATIONS.filter((key) => !withSample.has(key))).toEqual([]);
    for (const { key, sample } of portainerSamples) {
      expect(sample.label, key).toBe('portainer-openapi');
      expect(sample.source, key).toMatch(/from 'portainer-openapi'/);
    }
  });

  it('bundles each sample as the text of its file in openapi/code-samples/', () => {
    for (const { operationId, sample } of portainerSamples) {
      expect(sample.source).toBe(fs.readFileSync(`openapi/code-samples/${operationId}.ts`, 'utf8'));
    }
  });

  it('shows the Docker samples in the Docker document too', () => {
    expect(dockerSamples.map((s) => s.operationId).sort()).toEqual(['ContainerCreate', 'ContainerList', 'ContainerLogs', 'ContainerStart', 'ImageCreate']);
  });

  it('shows a sample on every operation, generated where none is hand-written', () => {
    expect(shown.length).toBe(operationCount);
    expect(operationCount).toBeGreaterThan(370);
    const handWritten = new Set(portainerSamples.map((s) => s.operationId));
    for (const sample of shown) {
      expect(sample.generated, sample.operationId).toBe(!handWritten.has(sample.operationId));
      expect(sample.source, sample.operationId).toMatch(/from 'portainer-openapi'|new URL\(/);
    }
    // A generated sample calls its own route with the client its document needs.
    const create = shown.find((s) => s.operationId === 'StackCreateDockerSwarmString')!;
    expect(create.source).toContain("await portainer.POST(\n  '/stacks/create/swarm/string',");
    const inspect = shown.find((s) => s.operationId === 'ImageInspect')!;
    expect(inspect.source).toContain('const docker = portainer.docker(1);');
    expect(inspect.source).toContain("await docker.GET(\n  '/images/{name}/json',");
    // A file part is read from the file its example names.
    const restore = shown.find((s) => s.operationId === 'Restore')!;
    expect(restore.source).toMatch(/file: await openAsBlob\(\s*'portainer-backup_[^']+\.tar\.gz',?\s*\)/);
  });

  it('fits every sample line in the docs panel, but for a literal that cannot be cut', () => {
    // A path or an ID in quotes cannot be cut; the page wraps those (test/docs checks it).
    const UNCUTTABLE = /^\s*(?:[\w'-]+: )?'[^' ]+',?$/;
    const long = shown.flatMap((s) => s.source.split('\n').filter((line) => line.length > SAMPLE_WIDTH && !UNCUTTABLE.test(line)).map((line) => `${s.operationId}: ${line}`));
    expect(long).toEqual([]);
  });

  it('compiles every sample against src/', () => {
    const inSamples = diagnostics.filter((line) => !line.includes(BROKEN));
    expect(inSamples).toEqual([]);
  });

  it('would catch a sample that does not compile', () => {
    expect(tscExit).not.toBe(0);
    expect(diagnostics.some((line) => line.includes(BROKEN) && line.includes('"/endpointz"'))).toBe(true);
  });
});
