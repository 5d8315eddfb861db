import { createPortainerClient } from 'portainer-openapi';

// Creating a key needs a JWT session (log in with a
// password), not another key.
const url = 'https://portainer.example.org:9443';
const password = process.env.PORTAINER_PASSWORD!;
const portainer = createPortainerClient({
  url,
  username: 'automation',
  password,
});
const { data, error } = await portainer.POST(
  '/users/{id}/tokens',
  {
    params: { path: { id: 3 } }, // your own user ID
    body: { description: 'ci-pipeline', password },
  },
);
if (error) throw error;
// The raw key is shown this once: store it now. Send it as
// `X-API-Key`, never as `Bearer`.
console.log(data.rawAPIKey);
const withKey = createPortainerClient({
  url,
  apiKey: data.rawAPIKey,
});
