// Deploy a Compose stack from a file, and redeploy it: what a CI pipeline runs on every push.
//
//   PORTAINER_URL=https://portainer.example.org:9443 PORTAINER_API_KEY=ptr_… \
//   PORTAINER_ENDPOINT_ID=1 STACK_NAME=web COMPOSE_FILE=examples/compose.yaml STACK_VAR_TAG=1.27 \
//   npx tsx examples/deploy-stack.ts
//
// The first run creates the stack (POST /stacks/create/standalone/file, the compose file uploaded as
// a file part). Every later run finds it by name and redeploys it (PUT /stacks/{id}) with the file's
// current content, pulling the images again and removing services the file no longer has.
// STACK_VAR_<NAME>=value becomes the stack variable NAME, for ${NAME} in the compose file.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createPortainerClient, type PortainerComponents } from 'portainer-openapi';

type Stack = PortainerComponents['schemas']['Stack'];

export async function main(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = console.log,
): Promise<{ stack: Stack; created: boolean }> {
  const url = required(env, 'PORTAINER_URL');
  const portainer = env.PORTAINER_API_KEY
    ? createPortainerClient({ url, apiKey: env.PORTAINER_API_KEY })
    : createPortainerClient({ url, username: required(env, 'PORTAINER_USERNAME'), password: required(env, 'PORTAINER_PASSWORD') });
  const endpointId = Number(required(env, 'PORTAINER_ENDPOINT_ID'));
  const name = required(env, 'STACK_NAME');
  const composeFile = env.COMPOSE_FILE ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'compose.yaml');
  const compose = await readFile(composeFile, 'utf8');
  const variables = Object.entries(env)
    .filter(([key, value]) => key.startsWith('STACK_VAR_') && value !== undefined)
    .map(([key, value]) => ({ name: key.slice('STACK_VAR_'.length), value: value! }));

  try {
    // Is it there already? `filters` is a JSON object, as text; the list holds every type of stack.
    const list = await portainer.GET('/stacks', { params: { query: { filters: JSON.stringify({ EndpointID: endpointId }) } } });
    if (list.error) throw list.error;
    const existing = (list.data ?? []).find((s) => s.Name === name && s.EndpointId === endpointId);

    if (!existing) {
      const { data: stack, error } = await portainer.POST('/stacks/create/standalone/file', {
        params: { query: { endpointId } },
        body: {
          Name: name, // lower case letters, digits, '-' and '_'
          file: new File([compose], path.basename(composeFile), { type: 'application/yaml' }),
          Env: JSON.stringify(variables), // in a multipart body, the variables are a JSON array as text
        },
      });
      if (error) throw error; // 409: a stack of that name exists on another environment
      log(`deployed stack ${stack.Id} "${stack.Name}" on environment ${endpointId}`);
      return { stack, created: true };
    }

    const { data: stack, error } = await portainer.PUT('/stacks/{id}', {
      params: { path: { id: existing.Id! }, query: { endpointId } },
      body: { StackFileContent: compose, Env: variables, PullImage: true, Prune: true },
    });
    if (error) throw error;
    log(`redeployed stack ${stack.Id} "${stack.Name}" on environment ${endpointId} (images pulled again)`);
    return { stack, created: false };
  } finally {
    await portainer.close();
  }
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Set ${name} (see the top of examples/deploy-stack.ts)`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(String(error));
    process.exitCode = 1;
  });
}
