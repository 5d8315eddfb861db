// redeployFromGit: pull a Git-backed stack's repository again and redeploy it
// (PUT /stacks/{id}/git/redeploy). Portainer replaces the stack's settings with whatever the call
// sends (reference, variables, prune, credentials), so what the caller leaves out is filled in from
// the stack as it is: a redeploy changes only what it is asked to.
import type { PortainerClient } from '../index.js';
import type { Stack } from './deploy-stack.js';
import { invalidInput } from './job-error.js';
import { stackEnv, type StackEnv } from './stack-env.js';

/** Options of `redeployFromGit`; what is not given stays as the stack has it. */
export interface RedeployFromGitOptions {
  /** Branch or tag, such as `refs/heads/main` (default: the stack's). */
  referenceName?: string;
  /** The stack's variables (default: its current ones). */
  env?: StackEnv;
  /** Remove services the files no longer have (Swarm stacks; default: the stack's setting). */
  prune?: boolean;
  /** Pull the images again and recreate the containers even when nothing changed (default false). */
  pullImage?: boolean;
  /** New repository credentials, replacing the stored ones (default: keep them). */
  credentials?: { username: string; password: string };
  signal?: AbortSignal;
}

const KUBERNETES = 3;

/**
 * Redeploys the Git-backed stack `stackId` from its repository. Resolves with the updated stack;
 * rejects with the API's PortainerError (404, 403, 409 while a deployment runs), or
 * `invalid-request` for a stack that is not deployed from Git.
 */
export async function redeployFromGit(portainer: PortainerClient, stackId: number, options: RedeployFromGitOptions = {}): Promise<Stack> {
  const where = { method: 'PUT', path: `/stacks/${stackId}/git/redeploy` };
  if (!Number.isSafeInteger(stackId) || stackId < 1) throw invalidInput(where, 'redeployFromGit: `stackId` must be a positive integer');
  const { credentials, signal } = options;
  if (credentials && (typeof credentials.username !== 'string' || typeof credentials.password !== 'string' || !credentials.password)) {
    throw invalidInput(where, 'redeployFromGit: `credentials` needs a username and a non-empty password');
  }
  const env = stackEnv(options.env, where);

  const current = await portainer.GET('/stacks/{id}', { params: { path: { id: stackId } }, signal });
  if (current.error) throw current.error;
  const stack = current.data;
  const git = stack.GitConfig;
  if (!git) throw invalidInput(where, `Stack "${stack.Name}" (${stackId}) is not deployed from Git: update it with deployStack`);
  const pull = options.pullImage ?? false;
  const stored = git.Authentication;

  const { data, error } = await portainer.PUT('/stacks/{id}/git/redeploy', {
    // Portainer takes the environment from this parameter when it differs from the stack's, so it
    // is always the stack's own.
    params: { path: { id: stackId }, query: { endpointId: stack.EndpointId } },
    body: {
      RepositoryReferenceName: options.referenceName ?? git.ReferenceName,
      Env: env ?? stack.Env ?? [],
      Prune: options.prune ?? stack.Option?.Prune ?? false,
      RepullImageAndRedeploy: pull,
      PullImage: pull, // the name before Portainer 2.36
      // Without authentication the repository is cloned anonymously: to keep the stored
      // credentials, ask for authentication with an empty password.
      ...(credentials
        ? { RepositoryAuthentication: true, RepositoryUsername: credentials.username, RepositoryPassword: credentials.password }
        : stored
          ? { RepositoryAuthentication: true, RepositoryUsername: stored.Username ?? '', RepositoryPassword: '' }
          : { RepositoryAuthentication: false }),
      // For a Kubernetes stack, Portainer sets the name from this field, even when it is empty.
      ...(stack.Type === KUBERNETES ? { StackName: stack.Name } : {}),
    },
    signal,
  });
  if (error) throw error;
  return data as Stack;
}
