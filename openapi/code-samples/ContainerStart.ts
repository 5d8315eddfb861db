import { createPortainerClient } from 'portainer-openapi';

const portainer = createPortainerClient({
  url: 'https://portainer.example.org:9443',
  apiKey: process.env.PORTAINER_API_KEY!,
});
const docker = portainer.docker(1);

// A container's ID or name; 204 when started, 304 when it
// was already running.
const { error, response } = await docker.POST(
  '/containers/{id}/start',
  { params: { path: { id: 'web01' } } },
);
if (error) throw error;
const already = response.status === 304;
console.log(already ? 'already running' : 'started');
