// The TypeScript code samples the docs show (`x-codeSamples`) are real code: taken from the
// bundles, as a reader copies them, and compiled with tsc against src/ (the package name
// `portainer-openapi` maps to src/index.ts). A sample that no longer compiles fails here, and so
// does a key operation that lost its sample. A deliberately broken copy proves the check bites.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

  it('compiles every sample against src/', () => {
    const inSamples = diagnostics.filter((line) => !line.includes(BROKEN));
    expect(inSamples).toEqual([]);
  });

  it('would catch a sample that does not compile', () => {
    expect(tscExit).not.toBe(0);
    expect(diagnostics.some((line) => line.includes(BROKEN) && line.includes('"/endpointz"'))).toBe(true);
  });
});
