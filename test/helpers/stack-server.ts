// A stateful, in-memory stand-in for Portainer's stack routes (and the Docker info a Swarm
// deployment reads), for testing code that deploys more than once: it remembers the stacks it
// created. Every request is checked against the bundled spec (parameters and JSON body, with
// Ajv), every answer too; what breaks the spec is answered 400 and listed in `violations`. Its
// behaviour follows Portainer's Go handlers: names lower-cased and stripped, one name per
// environment (409), updates that replace the variables, Git redeploys only for Git stacks.
import fs from 'node:fs';
import type http from 'node:http';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { json, scriptedServer, type ScriptedServer, type Seen } from './scripted-server.js';
import { operations, responseValidator, type Doc, type Operation } from './spec-requests.js';

type Stack = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface StackEnvironment {
  /** `Swarm.Cluster.ID` of a swarm manager; none for a standalone Docker host. */
  swarmClusterId?: string;
}

export interface StackServer extends Pick<ScriptedServer, 'url' | 'seen' | 'close'> {
  stacks: Stack[];
  /** Requests and answers that broke the spec. */
  violations: string[];
  /** Adds a stack as if deployed earlier (a Git one, say); returns it. */
  seed(stack: Partial<Stack> & { Name: string; EndpointId: number; Type: number }): Stack;
}

const doc: Doc = JSON.parse(fs.readFileSync('generated/portainer.openapi.json', 'utf8'));
const ops = operations(doc);
const validateResponse = responseValidator(doc);
const ajv = new Ajv2020({ strict: false, allErrors: true });
for (const f of ['int32', 'int64', 'uint64', 'float', 'double', 'byte', 'binary', 'password', 'date-time', 'uri', 'email']) ajv.addFormat(f, true);
ajv.addSchema({ ...doc, $id: 'doc' });

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The operation a request is for: the path template that matches, literal segments first. */
function operationFor(method: string, path: string): Operation | undefined {
  const candidates = ops.filter((o) => o.method === method.toLowerCase());
  const matches = candidates.filter((o) => new RegExp(`^${o.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
  return matches.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0))[0];
}

/** What breaks the spec in a request: missing or ill-typed parameters, a body that does not validate. */
function requestViolations(op: Operation, query: URLSearchParams, headers: http.IncomingHttpHeaders, body: string): string[] {
  const found: string[] = [];
  const params = [...(op.item.parameters ?? []), ...(op.op.parameters ?? [])].map((p: any) => (p.$ref ? p.$ref.split('/').slice(1).reduce((o: any, k: string) => o[k], doc) : p));
  for (const param of params.filter((p: any) => p.in === 'query')) {
    const raw = query.get(param.name);
    if (raw === null) {
      if (param.required) found.push(`query parameter ${param.name} is required`);
      continue;
    }
    const value = param.schema?.type === 'integer' ? Number(raw) : raw;
    const validate = ajv.compile(param.schema ?? {});
    if (!validate(value)) found.push(`query parameter ${param.name}=${raw}: ${ajv.errorsText(validate.errors)}`);
  }
  const media = op.op.requestBody?.content?.['application/json'];
  if (media) {
    if (!/json/.test(String(headers['content-type']))) found.push(`content type ${headers['content-type']} is not application/json`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return [...found, 'body is not JSON'];
    }
    const ref = `doc#/${['paths', op.path, op.method, 'requestBody', 'content', 'application/json', 'schema'].map(escape).join('/')}`;
    const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
    if (!validate(parsed)) found.push(...(validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message}`));
  }
  return found;
}

const normalize = (name: string) => name.toLowerCase().replace(/[^-_a-z0-9]+/g, '');

export interface StackServerOptions {
  apiKey: string;
  environments: Record<number, StackEnvironment>;
  /** Runs before a create is handled (to let another deployment get there first). */
  beforeCreate?: (name: string, endpointId: number) => void;
}

export async function startStackServer(options: StackServerOptions): Promise<StackServer> {
  const stacks: Stack[] = [];
  const violations: string[] = [];
  let nextId = 1;

  const stackFrom = (fields: Partial<Stack> & { Name: string; EndpointId: number; Type: number }): Stack => ({
    Id: nextId++,
    SwarmId: '',
    EntryPoint: 'docker-compose.yml',
    Env: [],
    ProjectPath: '',
    Status: 1,
    CreationDate: 1795300000,
    CreatedBy: 'admin',
    UpdateDate: 0,
    UpdatedBy: '',
    FromAppTemplate: false,
    AdditionalFiles: null,
    AutoUpdate: null,
    GitConfig: null,
    Namespace: '',
    Option: null,
    ...fields,
  });

  const answer = (res: http.ServerResponse, op: Operation, status: number, body?: unknown) => {
    if (body === undefined) {
      res.writeHead(status).end();
      return;
    }
    // Success bodies are checked (error bodies are {message, details} by construction).
    if (status < 300) for (const problem of validateResponse(op, status, 'application/json', body)) violations.push(`answer ${status} to ${op.id}: ${problem}`);
    json(res, status, body);
  };
  const error = (res: http.ServerResponse, op: Operation, status: number, message: string) => answer(res, op, status, { message, details: message });

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, seen: Seen) => {
    const url = new URL(seen.url, 'http://stack-server');
    const path = url.pathname.replace(/^\/api/, '');
    const op = operationFor(seen.method, path);
    if (!op) return json(res, 404, { message: 'no such route', details: `${seen.method} ${path}` });
    if (req.headers['x-api-key'] !== options.apiKey) return error(res, op, 401, 'A valid authorization token is missing');
    const problems = requestViolations(op, url.searchParams, req.headers, seen.body);
    if (problems.length) {
      violations.push(...problems.map((p) => `${op.id}: ${p}`));
      return error(res, op, 400, `Invalid request: ${problems.join('; ')}`);
    }
    const body = seen.body ? JSON.parse(seen.body) : undefined;
    const segments = path.split('/').slice(1);
    const endpointId = Number(url.searchParams.get('endpointId'));
    const environment = (id: number) => options.environments[id];

    switch (op.op.operationId) {
      case 'SystemInfo': {
        const env = environment(Number(segments[1]));
        if (!env) return error(res, op, 404, 'Unable to find an environment with the specified identifier inside the database');
        const swarm = env.swarmClusterId
          ? { NodeID: 'node1', LocalNodeState: 'active', ControlAvailable: true, Cluster: { ID: env.swarmClusterId } }
          : { NodeID: '', LocalNodeState: 'inactive', ControlAvailable: false };
        return json(res, 200, { ID: 'daemon', Containers: 0, Swarm: swarm });
      }
      case 'StackList': {
        const filters = JSON.parse(url.searchParams.get('filters') ?? '{}');
        const list = stacks.filter((s) => filters.EndpointID === undefined || s.EndpointId === filters.EndpointID);
        return list.length ? answer(res, op, 200, list.map(visible)) : answer(res, op, 204);
      }
      case 'StackInspect': {
        const stack = stacks.find((s) => s.Id === Number(segments[1]));
        return stack ? answer(res, op, 200, visible(stack)) : error(res, op, 404, 'Unable to find a stack with the specified identifier inside the database');
      }
      case 'StackCreateDockerStandaloneString':
      case 'StackCreateDockerSwarmString': {
        const env = environment(endpointId);
        if (!env) return error(res, op, 404, 'Unable to find an environment with the specified identifier inside the database');
        const swarm = op.op.operationId === 'StackCreateDockerSwarmString';
        if (swarm && body.SwarmID !== env.swarmClusterId) return error(res, op, 400, 'Invalid request payload: SwarmID is not the environment\'s swarm');
        const name = normalize(body.Name);
        options.beforeCreate?.(name, endpointId);
        if (stacks.some((s) => s.Name === name)) return error(res, op, 409, `A stack with the normalized name '${name}' already exists`);
        const stack = stackFrom({ Name: name, EndpointId: endpointId, Type: swarm ? 1 : 2, SwarmId: swarm ? body.SwarmID : '', Env: body.Env ?? [] });
        stack.content = body.StackFileContent;
        stacks.push(stack);
        return answer(res, op, 200, visible(stack));
      }
      case 'StackUpdate': {
        const stack = stacks.find((s) => s.Id === Number(segments[1]));
        if (!stack) return error(res, op, 404, 'Unable to find a stack with the specified identifier inside the database');
        if (stack.GitConfig) return error(res, op, 400, 'Stack is deployed from git: use the git redeploy operation');
        if (!environment(endpointId)) return error(res, op, 404, 'Unable to find the environment associated to the stack inside the database');
        Object.assign(stack, {
          EndpointId: endpointId,
          content: body.StackFileContent,
          Env: body.Env ?? [],
          Option: stack.Type === 1 ? { Prune: Boolean(body.Prune) } : stack.Option,
          UpdateDate: stack.UpdateDate + 1,
          UpdatedBy: 'admin',
        });
        return answer(res, op, 200, visible(stack));
      }
      case 'StackGitRedeploy': {
        const stack = stacks.find((s) => s.Id === Number(segments[1]));
        if (!stack) return error(res, op, 404, 'Unable to find a stack with the specified identifier inside the database');
        if (!stack.GitConfig) return error(res, op, 400, 'Stack is not created from git');
        // As the handler: a missing endpointId reads as 0, which differs from the stack's and is looked up.
        if (!environment(endpointId)) return error(res, op, 404, 'Unable to find the environment associated to the stack inside the database');
        stack.EndpointId = endpointId;
        stack.GitConfig.ReferenceName = body.RepositoryReferenceName ?? '';
        stack.Env = body.Env ?? [];
        if (stack.Type === 1) stack.Option = { Prune: Boolean(body.Prune) };
        if (stack.Type === 3) stack.Name = body.StackName ?? '';
        stack.GitConfig.Authentication = body.RepositoryAuthentication ? { Username: body.RepositoryUsername ?? '', Password: '' } : null;
        stack.redeploys = (stack.redeploys ?? 0) + 1;
        return answer(res, op, 200, visible(stack));
      }
      default:
        return error(res, op, 404, `${op.id} is not part of this stand-in`);
    }
  };

  /** The stack as the API shows it (without what the stand-in keeps for the tests). */
  const visible = (stack: Stack) => {
    const { content: _content, redeploys: _redeploys, ...shown } = stack;
    return shown;
  };

  const server = await scriptedServer((req, res, seen) => handle(req, res, seen));
  return {
    url: server.url,
    seen: server.seen,
    close: () => server.close(),
    stacks,
    violations,
    seed(fields) {
      const stack = stackFrom(fields);
      stacks.push(stack);
      return stack;
    },
  };
}
