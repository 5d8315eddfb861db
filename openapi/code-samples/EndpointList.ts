import { createPortainerClient } from 'portainer-openapi';

const portainer = createPortainerClient({ url: 'https://portainer.example.org:9443', apiKey: process.env.PORTAINER_API_KEY! });

// Docker environments (types 1 and 2: local or remote, and agent) whose name contains "prod".
const { data: environments, error, response } = await portainer.GET('/endpoints', {
  params: { query: { search: 'prod', types: [1, 2], limit: 50, excludeSnapshots: true } },
});
if (error) throw error;
console.log(`${environments.length} of ${response.headers.get('x-total-count')} environments`);
for (const env of environments) console.log(env.Id, env.Name, env.Status === 1 ? 'up' : 'down');
