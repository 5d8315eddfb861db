// Deploy a Compose stack from a file, the same way on every run: what a CI pipeline runs on every push.
//
//   PORTAINER_URL=https://portainer.example.org:9443 PORTAINER_API_KEY=ptr_… \
//   PORTAINER_ENDPOINT_ID=1 STACK_NAME=web COMPOSE_FILE=examples/compose.yaml STACK_VAR_TAG=1.27 \
//   npx tsx examples/deploy-stack.ts
//
// The first run creates the stack; every later run finds it by name on that environment and
// updates it with the file's current content, pulling the images again (PULL=0 to skip) and, for
// Swarm stacks, removing services the file no longer has. SWARM=1 deploys with `docker stack
// deploy` on the environment's swarm. STACK_VAR_<NAME>=value becomes the stack variable NAME, for
// ${NAME} in the compose file; with none given, an update keeps the stack's variables.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createPortainerClient, deployStack, type DeployStackResult } from 'portainer-openapi';

export async function main(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log): Promise<DeployStackResult> {
  const url = required(env, 'PORTAINER_URL');
  const portainer = env.PORTAINER_API_KEY
    ? createPortainerClient({ url, apiKey: env.PORTAINER_API_KEY })
    : createPortainerClient({ url, username: required(env, 'PORTAINER_USERNAME'), password: required(env, 'PORTAINER_PASSWORD') });
  const endpointId = Number(required(env, 'PORTAINER_ENDPOINT_ID'));
  const variables = Object.entries(env)
    .filter(([key, value]) => key.startsWith('STACK_VAR_') && value !== undefined)
    .map(([key, value]) => ({ name: key.slice('STACK_VAR_'.length), value: value! }));

  try {
    const { stack, created } = await deployStack(portainer, {
      endpointId,
      name: required(env, 'STACK_NAME'), // Portainer keeps names lower-cased: a-z, 0-9, '-' and '_'
      composeFile: env.COMPOSE_FILE ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'compose.yaml'),
      env: variables.length ? variables : undefined,
      pullImage: env.PULL !== '0',
      prune: true,
      swarm: env.SWARM === '1',
    });
    // A 409 PortainerError means the name is taken by a stack on another environment.
    log(`${created ? 'deployed' : 'redeployed'} stack ${stack.Id} "${stack.Name}" on environment ${endpointId}`);
    return { stack, created };
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
