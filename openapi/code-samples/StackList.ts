import { createPortainerClient } from 'portainer-openapi';

const portainer = createPortainerClient({
  url: 'https://portainer.example.org:9443',
  apiKey: process.env.PORTAINER_API_KEY!,
});

// `filters` is a JSON object, as text: here, the stacks of
// environment 1.
const filters = JSON.stringify({ EndpointID: 1 });
const { data: stacks, error } = await portainer.GET(
  '/stacks',
  { params: { query: { filters } } },
);
if (error) throw error;
// Type 1 = Swarm, 2 = Compose, 3 = Kubernetes;
// Status 1 = active, 2 = inactive.
for (const stack of stacks ?? []) {
  const { Id, Name, Type, Status } = stack;
  console.log(Id, Name, Type, Status);
}
