import {
  createPortainerClient,
  registryAuth,
} from 'portainer-openapi';

const portainer = createPortainerClient({
  url: 'https://portainer.example.org:9443',
  apiKey: process.env.PORTAINER_API_KEY!,
});
const docker = portainer.docker(1);

// Pull from a registry configured in Portainer (GET
// /registries): send its ID, and Portainer puts the
// registry's stored credentials in the header before
// forwarding to Docker.
const auth = registryAuth({ registryId: 2 });
const { data: progress, error } = await docker.POST(
  '/images/create',
  {
    params: {
      query: {
        fromImage: 'registry.example.org/team/app',
        tag: '1.2',
      },
      header: { 'X-Registry-Auth': auth },
    },
    parseAs: 'text',
  },
);
if (error) throw error;
// The answer is newline-delimited JSON progress; a failed
// pull still answers 200, with `error`.
type Progress = { status?: string; error?: string };
for (const line of progress.split('\n').filter(Boolean)) {
  const message = JSON.parse(line) as Progress;
  if (message.error) {
    throw new Error(`pull failed: ${message.error}`);
  }
  console.log(message.status);
}
