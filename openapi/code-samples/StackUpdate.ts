import { readFile } from 'node:fs/promises';
import { createPortainerClient } from 'portainer-openapi';

const portainer = createPortainerClient({
  url: 'https://portainer.example.org:9443',
  apiKey: process.env.PORTAINER_API_KEY!,
});

// Redeploy stack 7 with a new compose file, pulling fresh
// images and removing orphaned services.
const file = 'docker-compose.yml';
const compose = await readFile(file, 'utf8');
const { data: stack, error } = await portainer.PUT(
  '/stacks/{id}',
  {
    params: { path: { id: 7 }, query: { endpointId: 1 } },
    body: {
      StackFileContent: compose,
      Env: [{ name: 'TAG', value: '1.28' }],
      PullImage: true,
      Prune: true,
    },
  },
);
if (error) throw error;
console.log(`stack ${stack.Name} redeployed`);
