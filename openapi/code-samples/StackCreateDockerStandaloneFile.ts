import { readFile } from 'node:fs/promises';
import { createPortainerClient } from 'portainer-openapi';

const portainer = createPortainerClient({
  url: 'https://portainer.example.org:9443',
  apiKey: process.env.PORTAINER_API_KEY!,
});

// The compose file is uploaded as a file part of a
// multipart/form-data body.
const name = 'docker-compose.yml';
const file = new File([await readFile(name)], name);
const env = [{ name: 'TAG', value: '1.27' }];
const { data: stack, error } = await portainer.POST(
  '/stacks/create/standalone/file',
  {
    params: { query: { endpointId: 1 } },
    body: { Name: 'web', file, Env: JSON.stringify(env) },
  },
);
if (error) throw error;
console.log(`stack ${stack.Id} deployed`);
