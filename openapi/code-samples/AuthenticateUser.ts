import { createPortainerClient } from 'portainer-openapi';

// Usually you let the client log in for you: it calls POST /auth before the first request and
// again before the 8-hour token runs out.
const portainer = createPortainerClient({
  url: 'https://portainer.example.org:9443',
  username: 'automation',
  password: process.env.PORTAINER_PASSWORD!,
});
await portainer.login(); // optional: log in now rather than on the first call

// Or call POST /auth yourself and keep the JWT (send it as `Authorization: Bearer <jwt>`).
const anonymous = createPortainerClient({ url: 'https://portainer.example.org:9443' });
const { data, error } = await anonymous.POST('/auth', {
  body: { Username: 'automation', Password: process.env.PORTAINER_PASSWORD! },
});
if (error) throw error; // 422 for a wrong password, 403 while rate-limited
const withToken = createPortainerClient({ url: 'https://portainer.example.org:9443', jwt: data.jwt });
