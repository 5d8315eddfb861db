// Pull a Git-backed stack's repository again and redeploy it: the "Pull and redeploy" button, from a
// pipeline (after a merge to the branch the stack follows, say).
//
//   PORTAINER_URL=https://portainer.example.org:9443 PORTAINER_API_KEY=ptr_… STACK_ID=9 \
//   npx tsx examples/redeploy-from-git.ts
//
// Optional: GIT_REF (such as refs/tags/v1.4.0; default: the branch the stack follows), PULL=1 to pull
// the images again, GIT_USERNAME and GIT_PASSWORD to replace the stored repository credentials.
// Whatever is not given stays as the stack has it: variables, prune setting, credentials.
import { pathToFileURL } from 'node:url';
import { createPortainerClient, redeployFromGit, type Stack } from 'portainer-openapi';

export async function main(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log): Promise<Stack> {
  const url = env.PORTAINER_URL;
  const apiKey = env.PORTAINER_API_KEY;
  const stackId = Number(env.STACK_ID);
  if (!url || !apiKey || !stackId) throw new Error('Set PORTAINER_URL, PORTAINER_API_KEY and STACK_ID (see the top of examples/redeploy-from-git.ts)');
  const portainer = createPortainerClient({ url, apiKey, timeoutMs: 5 * 60_000 }); // a redeploy answers when it is done
  try {
    const stack = await redeployFromGit(portainer, stackId, {
      referenceName: env.GIT_REF || undefined,
      pullImage: env.PULL === '1',
      credentials: env.GIT_PASSWORD ? { username: env.GIT_USERNAME ?? '', password: env.GIT_PASSWORD } : undefined,
    });
    log(`redeployed stack ${stack.Id} "${stack.Name}" from ${stack.GitConfig?.URL} at ${stack.GitConfig?.ReferenceName}`);
    return stack;
  } finally {
    await portainer.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(String(error)); // 409: a deployment of this stack is already running
    process.exitCode = 1;
  });
}
