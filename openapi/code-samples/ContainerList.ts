import { createPortainerClient } from 'portainer-openapi';

const portainer = createPortainerClient({ url: 'https://portainer.example.org:9443', apiKey: process.env.PORTAINER_API_KEY! });
const docker = portainer.docker(1); // the Docker Engine of environment 1, through Portainer

// Running and stopped containers with a given label; `filters` is a JSON object, as text.
const { data: containers, error } = await docker.GET('/containers/json', {
  params: { query: { all: true, filters: JSON.stringify({ label: ['com.example.team=web'] }) } },
});
if (error) throw error;
for (const c of containers) console.log(c.Id?.slice(0, 12), c.Names?.[0], c.State, c.Status);
