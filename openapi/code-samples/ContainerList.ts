import { createPortainerClient } from 'portainer-openapi';

const portainer = createPortainerClient({
  url: 'https://portainer.example.org:9443',
  apiKey: process.env.PORTAINER_API_KEY!,
});
// The Docker Engine of environment 1, through Portainer.
const docker = portainer.docker(1);

// Running and stopped containers with a given label;
// `filters` is a JSON object, as text.
const filters = JSON.stringify({ label: ['team=web'] });
const { data: containers, error } = await docker.GET(
  '/containers/json',
  { params: { query: { all: true, filters } } },
);
if (error) throw error;
for (const c of containers) {
  console.log(c.Id?.slice(0, 12), c.Names?.[0], c.State);
}
