// node generate-client.mjs <generator> <bundle.json> <out-dir>: generates a client from one of our
// bundles with another tool, in that tool's usual configuration (a fetch client where it offers
// one), for the consumer tier to type-check. Run as its own process: the generators are large and
// keep state.
import fs from 'node:fs';
import path from 'node:path';

const [generator, bundle, out] = process.argv.slice(2);
const document = () => JSON.parse(fs.readFileSync(bundle, 'utf8'));
fs.mkdirSync(out, { recursive: true });

const generators = {
  async 'openapi-typescript'() {
    const { default: openapiTS, astToString } = await import('openapi-typescript');
    fs.writeFileSync(path.join(out, 'schema.ts'), astToString(await openapiTS(document())));
  },
  async '@hey-api/openapi-ts'() {
    const { createClient } = await import('@hey-api/openapi-ts');
    await createClient({ input: document(), output: out, plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'], logs: { level: 'silent' } });
  },
  async orval() {
    const { generate } = await import('orval');
    await generate({ input: { target: bundle }, output: { target: path.join(out, 'client.ts'), client: 'fetch', mode: 'single' } });
  },
  async 'swagger-typescript-api'() {
    const { generateApi } = await import('swagger-typescript-api');
    await generateApi({ input: bundle, output: out, fileName: 'client.ts', httpClientType: 'fetch', silent: true });
  },
  async 'openapi-zod-client'() {
    const { generateZodClientFromOpenAPI } = await import('openapi-zod-client');
    await generateZodClientFromOpenAPI({ openApiDoc: document(), distPath: path.join(out, 'client.ts') });
  },
};

if (!generators[generator]) {
  console.error(`generate-client: no generator named ${generator}; one of ${Object.keys(generators).join(', ')}`);
  process.exit(2);
}
await generators[generator]();
const files = fs.readdirSync(out, { recursive: true }).filter((file) => file.endsWith('.ts'));
if (!files.length) {
  console.error(`generate-client: ${generator} wrote no TypeScript into ${out}`);
  process.exit(1);
}
