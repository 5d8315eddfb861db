// Log in to Portainer and list its environments.
//
//   PORTAINER_URL=https://portainer.example.org:9443 PORTAINER_API_KEY=ptr_… npx tsx examples/list-environments.ts
//   PORTAINER_URL=… PORTAINER_USERNAME=admin PORTAINER_PASSWORD=… npx tsx examples/list-environments.ts
//
// With an API key every request carries `X-API-Key`. With a username and password the client logs
// in through POST /auth, sends the JWT as `Authorization: Bearer …`, and logs in again before the
// token's 8 hours run out. Self-signed certificate? Add PORTAINER_CA_FILE=/path/to/ca.pem.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createPortainerClient, type PortainerComponents } from 'portainer-openapi/node';

type Environment = PortainerComponents['schemas']['Endpoint'];

const TYPES: Record<number, string> = {
  1: 'Docker', 2: 'Docker agent', 3: 'Azure ACI', 4: 'Docker edge agent', 5: 'Kubernetes', 6: 'Kubernetes agent', 7: 'Kubernetes edge agent',
};

export async function main(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log): Promise<Environment[]> {
  const url = env.PORTAINER_URL;
  if (!url) throw new Error('Set PORTAINER_URL, e.g. https://portainer.example.org:9443');
  const tls = env.PORTAINER_CA_FILE ? { ca: readFileSync(env.PORTAINER_CA_FILE) } : undefined;
  const usesPassword = !env.PORTAINER_API_KEY;
  const portainer = env.PORTAINER_API_KEY
    ? createPortainerClient({ url, apiKey: env.PORTAINER_API_KEY, tls })
    : createPortainerClient({ url, username: need(env, 'PORTAINER_USERNAME'), password: need(env, 'PORTAINER_PASSWORD'), tls });
  try {
    if (usesPassword) {
      await portainer.login(); // not required (the first call would log in), but fails early on a wrong password
      log(`logged in as ${env.PORTAINER_USERNAME}`);
    }

    // The list is paged: ask for `limit` at a time until a short page (X-Total-Count has the total).
    const environments: Environment[] = [];
    const limit = 100;
    for (let start = 0; ; start += limit) {
      const { data, error, response } = await portainer.GET('/endpoints', { params: { query: { start, limit, excludeSnapshots: true } } });
      if (error) throw error; // a PortainerError: status, message, details
      environments.push(...data);
      const total = Number(response.headers.get('x-total-count') ?? 0);
      if (data.length < limit || (total > 0 && environments.length >= total)) break;
    }

    for (const e of environments) {
      log(`${String(e.Id).padStart(4)}  ${e.Name.padEnd(24)} ${(TYPES[e.Type] ?? `type ${e.Type}`).padEnd(22)} ${e.Status === 1 ? 'up' : 'down'}  ${e.URL ?? ''}`);
    }
    log(`${environments.length} environment(s)`);
    return environments;
  } finally {
    if (usesPassword) await portainer.logout(); // ends the session on the server
    await portainer.close();
  }
}

function need(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Set PORTAINER_API_KEY, or ${name} (with PORTAINER_USERNAME and PORTAINER_PASSWORD)`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(String(error));
    process.exitCode = 1;
  });
}
