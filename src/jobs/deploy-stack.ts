// deployStack: the deploy step of a pipeline, safe to run on every push. Creates the Compose or
// Swarm stack the first time (POST /stacks/create/{standalone|swarm}/string), and from then on
// updates it in place (PUT /stacks/{id}) with the file's current content.
import type { PortainerClient, PortainerComponents } from '../index.js';
import { invalidInput, type Where } from './job-error.js';
import { readCompose, type ComposeSource } from './compose-source.js';
import { stackEnv, type Pair, type StackEnv } from './stack-env.js';

/** A Portainer stack, as the description types it. */
export type Stack = PortainerComponents['schemas']['Stack'];

/** Options of `deployStack`: where, under which name, the Compose file and how to deploy it. */
export type DeployStackOptions = ComposeSource & {
  /** The Docker environment to deploy on. */
  endpointId: number;
  /** The stack's name; Portainer keeps it lower-cased, without characters other than a-z, 0-9, `-` and `_`. */
  name: string;
  /** Variables for `${NAME}` in the file. On an update, left out keeps the stack's current ones. */
  env?: StackEnv;
  /** On an update, remove services the file no longer has (Swarm stacks); left out keeps the stack's setting. */
  prune?: boolean;
  /** On an update, pull the images again and recreate the containers even when nothing changed. */
  pullImage?: boolean;
  /** Deploy with `docker stack deploy` on the environment's swarm (default: a Compose stack). */
  swarm?: boolean;
  signal?: AbortSignal;
};

/** What `deployStack` resolves to: the stack, and whether it was created (or updated). */
export interface DeployStackResult {
  stack: Stack;
  /** True when this call created the stack, false when it updated one. */
  created: boolean;
}

const SWARM = 1;
const COMPOSE = 2;

/** The name Portainer stores: lower case, only a-z, 0-9, `-` and `_` kept (as its NormalizeStackName). */
export function normalizeStackName(name: string): string {
  return name.toLowerCase().replace(/[^-_a-z0-9]+/g, '');
}

function refuse(path: string, message: string): never {
  throw invalidInput({ method: 'PUT', path }, message);
}

async function findStack(portainer: PortainerClient, endpointId: number, name: string, signal?: AbortSignal): Promise<Stack | undefined> {
  const { data, error } = await portainer.GET('/stacks', { params: { query: { filters: JSON.stringify({ EndpointID: endpointId }) } }, signal });
  if (error) throw error;
  // 204 (no stacks) has no body; the filter is checked again in case a server ignores it.
  return (data ?? []).find((stack) => stack.Name === name && stack.EndpointId === endpointId);
}

/** `Swarm.Cluster.ID` of the environment's Docker info: what a Swarm stack is created with. */
async function swarmClusterId(portainer: PortainerClient, endpointId: number, signal?: AbortSignal): Promise<string> {
  const { data, error, response } = await portainer.docker(endpointId).GET('/info', { signal });
  if (error) throw error;
  const id = data.Swarm?.Cluster?.ID;
  if (!id) {
    throw invalidInput(
      { method: 'GET', path: new URL(response.url || 'http://x/info').pathname },
      `Environment ${endpointId} is not a Swarm manager (Swarm.LocalNodeState: ${data.Swarm?.LocalNodeState || 'unknown'}); deploy without \`swarm\`, or on a manager`,
    );
  }
  return id;
}

async function create(portainer: PortainerClient, options: DeployStackOptions, name: string, content: string, env: Pair[] | undefined) {
  const query = { endpointId: options.endpointId };
  const Env = env ?? [];
  if (options.swarm) {
    const SwarmID = await swarmClusterId(portainer, options.endpointId, options.signal);
    return portainer.POST('/stacks/create/swarm/string', { params: { query }, body: { Name: name, SwarmID, StackFileContent: content, Env }, signal: options.signal });
  }
  return portainer.POST('/stacks/create/standalone/string', { params: { query }, body: { Name: name, StackFileContent: content, Env }, signal: options.signal });
}

async function update(portainer: PortainerClient, options: DeployStackOptions, existing: Stack, content: string, env: Pair[] | undefined): Promise<Stack> {
  const path = `/stacks/${existing.Id}`;
  if (existing.GitConfig) refuse(path, `Stack "${existing.Name}" (${existing.Id}) is deployed from Git: redeploy it with redeployFromGit`);
  const wanted = options.swarm ? SWARM : COMPOSE;
  if (existing.Type !== wanted) {
    const kind = (type: number | undefined) => (type === SWARM ? 'a Swarm stack' : type === COMPOSE ? 'a Compose stack' : `a stack of type ${type}`);
    refuse(path, `Stack "${existing.Name}" (${existing.Id}) is ${kind(existing.Type)}, not ${kind(wanted)}: remove it first, or deploy${options.swarm ? ' without' : ' with'} \`swarm\``);
  }
  const pull = options.pullImage ?? false;
  const { data, error } = await portainer.PUT('/stacks/{id}', {
    params: { path: { id: existing.Id! }, query: { endpointId: options.endpointId } },
    body: {
      StackFileContent: content,
      // The update replaces the variables: keep the stack's own unless new ones are given.
      Env: env ?? existing.Env ?? [],
      Prune: options.prune ?? existing.Option?.Prune ?? false,
      // Portainer 2.36 renamed PullImage; older servers read only the old name.
      RepullImageAndRedeploy: pull,
      PullImage: pull,
    },
    signal: options.signal,
  });
  if (error) throw error;
  return data;
}

/**
 * Deploys a Compose (or, with `swarm`, Swarm) stack named `name` on environment `endpointId`:
 * creates it when the environment has no stack of that name, updates it otherwise. Resolves with
 * the stack and whether it was created. Rejects with the API's PortainerError (403, 404, 409 when
 * the name is taken on another environment), or `invalid-request` when the stack there is
 * Git-backed or of the other kind, or the environment is no Swarm manager.
 */
export async function deployStack(portainer: PortainerClient, options: DeployStackOptions): Promise<DeployStackResult> {
  const where: Where = { method: 'POST', path: '/stacks' };
  if (!options || typeof options !== 'object') throw invalidInput(where, 'deployStack needs options: { endpointId, name, compose | composeFile }');
  if (!Number.isSafeInteger(options.endpointId) || options.endpointId < 1) throw invalidInput(where, 'deployStack: `endpointId` must be a positive integer');
  const name = normalizeStackName(typeof options.name === 'string' ? options.name : '');
  if (!name) throw invalidInput(where, `deployStack: \`name\` must hold at least one of a-z, 0-9, - and _ (got ${JSON.stringify(options.name)})`);
  const content = await readCompose(options, where);
  const env = stackEnv(options.env, where);

  const existing = await findStack(portainer, options.endpointId, name, options.signal);
  if (existing) return { stack: await update(portainer, options, existing, content, env), created: false };
  const { data, error } = await create(portainer, options, name, content, env);
  if (!error) return { stack: data, created: true };
  if (error.status === 409) {
    // Created meanwhile by someone else (another run of the same pipeline): update it instead.
    const raced = await findStack(portainer, options.endpointId, name, options.signal);
    if (raced) return { stack: await update(portainer, options, raced, content, env), created: false };
  }
  throw error;
}
