import { createPortainerClient } from 'portainer-openapi';

const portainer = createPortainerClient({
  url: 'https://portainer.example.org:9443',
  apiKey: process.env.PORTAINER_API_KEY!,
});

const compose = `
services:
  web:
    image: nginx:\${TAG}
    ports: ['8080:80']
`;
const { data: stack, error } = await portainer.POST(
  '/stacks/create/standalone/string',
  {
    params: { query: { endpointId: 1 } },
    body: {
      Name: 'web',
      StackFileContent: compose,
      Env: [{ name: 'TAG', value: '1.27' }],
    },
  },
);
// 409 if a stack of that name exists
if (error) throw error;
console.log(`stack ${stack.Id} on ${stack.EndpointId}`);
