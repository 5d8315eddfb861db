// Pull an image from a private registry that Portainer knows, without handling its credentials.
//
//   PORTAINER_URL=https://portainer.example.org:9443 PORTAINER_API_KEY=ptr_… \
//   PORTAINER_ENDPOINT_ID=1 IMAGE=registry.example.org:5000/team/app:1.2 \
//   npx tsx examples/pull-private-image.ts
//
// X-Registry-Auth normally carries the registry's username and password. Through Portainer you send
// {"registryId": N} instead (base64, made by `registryAuth`), and Portainer swaps in the credentials
// it stores for registry N before the request reaches Docker. Set REGISTRY_ID, or leave it out and
// the example finds the registry whose URL matches the image's host (GET /registries).
import { pathToFileURL } from 'node:url';
import { createPortainerClient, registryAuth } from 'portainer-openapi';

/** One line of Docker's pull progress (newline-delimited JSON). */
interface Progress {
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string };
}

export async function main(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log): Promise<Progress[]> {
  const url = required(env, 'PORTAINER_URL');
  const portainer = env.PORTAINER_API_KEY
    ? createPortainerClient({ url, apiKey: env.PORTAINER_API_KEY })
    : createPortainerClient({ url, username: required(env, 'PORTAINER_USERNAME'), password: required(env, 'PORTAINER_PASSWORD') });
  const endpointId = Number(required(env, 'PORTAINER_ENDPOINT_ID'));
  const image = required(env, 'IMAGE');

  // The registry whose URL (host and port, no scheme) is the image's registry host.
  async function findRegistry(reference: string): Promise<number> {
    const host = registryHost(reference);
    const { data: registries, error } = await portainer.GET('/registries');
    if (error) throw error;
    const match = registries.find((r) => (r.URL ?? '').replace(/^https?:\/\//, '').replace(/\/+$/, '') === host);
    if (match?.Id === undefined) throw new Error(`no registry in Portainer has the URL ${host}; add it, or set REGISTRY_ID`);
    log(`using registry ${match.Id} "${match.Name}" (${match.URL})`);
    return match.Id;
  }

  try {
    const registryId = env.REGISTRY_ID ? Number(env.REGISTRY_ID) : await findRegistry(image);

    const docker = portainer.docker(endpointId);
    const { data: body, error } = await docker.POST('/images/create', {
      params: { query: { fromImage: image }, header: { 'X-Registry-Auth': registryAuth({ registryId }) } },
      parseAs: 'stream', // progress arrives while the layers download
    });
    if (error) throw error; // 401/403 from Portainer; 404 from Docker when the image does not exist

    // A failed pull (wrong credentials, unknown tag) still answers 200: the error is in the stream.
    const messages: Progress[] = [];
    for await (const message of jsonLines<Progress>(body!)) {
      messages.push(message);
      if (message.error) throw new Error(`pull of ${image} failed: ${message.errorDetail?.message ?? message.error}`);
      if (message.status && !message.progress) log(message.id ? `${message.id}: ${message.status}` : message.status);
    }
    log(`pulled ${image} on environment ${endpointId}`);
    return messages;
  } finally {
    await portainer.close();
  }
}

/** `registry.example.org:5000/team/app:1.2` → `registry.example.org:5000`; Docker Hub images have none. */
function registryHost(image: string): string {
  const first = image.split('/')[0]!;
  if (image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return first;
  return 'docker.io';
}

/** Splits a byte stream of newline-delimited JSON into parsed values. */
async function* jsonLines<T>(stream: ReadableStream<Uint8Array>): AsyncGenerator<T> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffered += decoder.decode(chunk.value, { stream: true });
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line.trim()) yield JSON.parse(line) as T;
  }
  if (buffered.trim()) yield JSON.parse(buffered) as T;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Set ${name} (see the top of examples/pull-private-image.ts)`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(String(error));
    process.exitCode = 1;
  });
}
