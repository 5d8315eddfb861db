import { createPortainerClient } from 'portainer-openapi';

const portainer = createPortainerClient({
  url: 'https://portainer.example.org:9443',
  apiKey: process.env.PORTAINER_API_KEY!,
});

// Docker environments (types 1 and 2: local or remote, and
// agent) whose name contains "prod".
const { data: environments, error, response } =
  await portainer.GET('/endpoints', {
    params: {
      query: {
        search: 'prod',
        types: [1, 2],
        limit: 50,
        excludeSnapshots: true,
      },
    },
  });
if (error) throw error;
const total = response.headers.get('x-total-count');
console.log(`${environments.length} of ${total}`);
for (const env of environments) {
  const up = env.Status === 1;
  console.log(env.Id, env.Name, up ? 'up' : 'down');
}
