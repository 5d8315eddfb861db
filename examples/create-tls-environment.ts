// Add a remote Docker host that Portainer reaches over TCP with mutual TLS.
//
//   PORTAINER_URL=https://portainer.example.org:9443 PORTAINER_API_KEY=ptr_… \
//   ENVIRONMENT_NAME=docker-prod-01 DOCKER_HOST=tcp://10.0.7.11:2376 DOCKER_CERT_PATH=~/.docker/prod \
//   npx tsx examples/create-tls-environment.ts
//
// DOCKER_CERT_PATH is a folder with ca.pem, cert.pem and key.pem, as the docker CLI uses it.
// POST /endpoints takes multipart/form-data: the client builds the form, and File values become
// file parts. Needs an administrator (or an API key of one).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPortainerClient, type PortainerComponents } from 'portainer-openapi';

export async function main(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = console.log,
): Promise<PortainerComponents['schemas']['Endpoint']> {
  const url = required(env, 'PORTAINER_URL');
  const portainer = env.PORTAINER_API_KEY
    ? createPortainerClient({ url, apiKey: env.PORTAINER_API_KEY })
    : createPortainerClient({ url, username: required(env, 'PORTAINER_USERNAME'), password: required(env, 'PORTAINER_PASSWORD') });
  const name = required(env, 'ENVIRONMENT_NAME');
  const dockerHost = required(env, 'DOCKER_HOST'); // tcp://host:2376
  const certs = required(env, 'DOCKER_CERT_PATH');
  const pem = async (file: string) => new File([await readFile(path.join(certs, file))], file, { type: 'application/x-pem-file' });

  try {
    const { data: environment, error } = await portainer.POST('/endpoints', {
      body: {
        Name: name,
        EndpointCreationType: 1, // the Docker API, on a socket or over TCP
        URL: dockerHost,
        TLS: true,
        TLSSkipVerify: false, // check the daemon's certificate against ca.pem
        TLSSkipClientVerify: false, // and present cert.pem / key.pem to it
        TLSCACertFile: await pem('ca.pem'),
        TLSCertFile: await pem('cert.pem'),
        TLSKeyFile: await pem('key.pem'),
        GroupID: Number(env.ENVIRONMENT_GROUP_ID ?? 1), // 1 is "Unassigned"
      },
    });
    // 409: an environment of that name exists; 500 often means Portainer could not reach the host.
    if (error) throw error;
    log(`created environment ${environment.Id} "${environment.Name}" at ${environment.URL}`);
    return environment;
  } finally {
    await portainer.close();
  }
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Set ${name} (see the top of examples/create-tls-environment.ts)`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(String(error));
    process.exitCode = 1;
  });
}
