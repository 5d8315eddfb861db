// `tsc --noEmit` of one consumer program, 50 calls across Portainer and Docker routes, written
// against our client and generated types, and against hey-api's SDK generated from the same bundle.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { interleavedTasks, type Pair } from '../lib/measure.js';
import { ensureHeyApiGenerated, HEY_DIR } from './heyapi-client.js';

const run = promisify(execFile);
const WORK = path.resolve('bench/.work/typecheck');
const MOUNT = '/endpoints/{endpointId}/docker';

type Doc = { paths: Record<string, Record<string, any>> };
interface Call { path: string; docker: boolean; operationId: string; params: Record<string, unknown> }

/** 40 Portainer and 10 Docker GET operations whose only parameters are in the path. */
export function pickCalls(doc: Doc): Call[] {
  const portainer: Call[] = [];
  const docker: Call[] = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    const op = item.get;
    if (!op || op.deprecated) continue;
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((x: any) => (x.$ref ? resolve(doc, x.$ref) : x));
    if (params.some((x: any) => x.in !== 'path' && x.required)) continue;
    const pathParams = Object.fromEntries(params.filter((x: any) => x.in === 'path').map((x: any) => [x.name, x.schema?.type === 'integer' ? 1 : 'x']));
    const isDocker = p.startsWith(MOUNT);
    const call = { path: isDocker ? p.slice(MOUNT.length) : p, docker: isDocker, operationId: op.operationId, params: pathParams };
    if (isDocker ? docker.length < 10 : portainer.length < 40) (isDocker ? docker : portainer).push(call);
  }
  return [...portainer, ...docker];
}

function resolve(doc: any, ref: string) {
  return ref.replace(/^#\//, '').split('/').reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

/**
 * The consumer program against our client as the package ships it (the declarations in `dist/`,
 * which the cold build that starts the run writes: what a consumer's tsc reads);
 * `portainerVersion` types the client for that Portainer version.
 */
export function oursProgram(calls: Call[], { portainerVersion }: { portainerVersion?: string } = {}): string {
  const lines = calls.map((c, i) => {
    const params = { ...c.params };
    if (c.docker) delete params.endpointId;
    const init = Object.keys(params).length ? `, { params: { path: ${JSON.stringify(params)} } }` : '';
    return `  const r${i} = await ${c.docker ? 'docker' : 'portainer'}.GET(${JSON.stringify(c.path)}${init});\n  void r${i};`;
  });
  const version = portainerVersion ? `, portainerVersion: '${portainerVersion}'` : '';
  const client = `  const portainer = createPortainerClient({ url: 'http://localhost:9000', apiKey: 'ptr_x'${version} });\n  const docker = portainer.docker(1);\n`;
  return `import { createPortainerClient } from '../../../dist/src/index.js';\n\nexport async function consumer() {\n${client}${lines.join('\n')}\n}\n`;
}

function heyProgram(calls: Call[], sdkExports: Set<string>): string {
  const names = calls.map((c) => {
    const name = [...sdkExports].find((e) => e.toLowerCase() === c.operationId.toLowerCase());
    if (!name) throw new Error(`hey-api generated no function for ${c.operationId}`);
    return name;
  });
  const lines = calls.map((c, i) => {
    const options = Object.keys(c.params).length ? `{ client, path: ${JSON.stringify(c.params)} }` : '{ client }';
    return `  const r${i} = await ${names[i]}(${options});\n  void r${i};`;
  });
  return `import { createClient, createConfig } from '../heyapi/client/index.js';\nimport { ${[...new Set(names)].join(', ')} } from '../heyapi/sdk.gen.js';\n\nexport async function consumer() {\n  const client = createClient(createConfig({ baseUrl: 'http://localhost:9000/api', headers: { 'X-API-Key': 'ptr_x' } }));\n${lines.join('\n')}\n}\n`;
}

export const TSCONFIG = (file: string) => JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: ['node'], allowImportingTsExtensions: false },
  files: [file],
});

export async function prepareTypecheck(): Promise<{ calls: number }> {
  await ensureHeyApiGenerated();
  const doc: Doc = JSON.parse(fs.readFileSync('generated/portainer.openapi.json', 'utf8'));
  const calls = pickCalls(doc);
  const sdk = fs.readFileSync(path.join(HEY_DIR, 'sdk.gen.ts'), 'utf8');
  const exports = new Set([...sdk.matchAll(/export const (\w+) =/g)].map((m) => m[1]!));
  fs.mkdirSync(WORK, { recursive: true });
  fs.writeFileSync(path.join(WORK, 'ours.ts'), oursProgram(calls));
  fs.writeFileSync(path.join(WORK, 'heyapi.ts'), heyProgram(calls, exports));
  fs.writeFileSync(path.join(WORK, 'tsconfig.ours.json'), TSCONFIG('ours.ts'));
  fs.writeFileSync(path.join(WORK, 'tsconfig.heyapi.json'), TSCONFIG('heyapi.ts'));
  return { calls: calls.length };
}

export const tsc = (project: string, work = WORK) => () =>
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', path.join(work, project)], { maxBuffer: 1 << 24 }).catch((error) => {
    throw new Error(`tsc ${project} failed:\n${error.stdout}`);
  });

/** Ratio: ours ÷ hey-api (lower is better for us). */
export async function typecheck(rounds = 5): Promise<Pair & { calls: number }> {
  const { calls } = await prepareTypecheck();
  const pair = await interleavedTasks(tsc('tsconfig.heyapi.json'), tsc('tsconfig.ours.json'), { rounds, warmupRounds: 1 });
  return { ...pair, calls };
}
