import { createPortainerClient } from 'portainer-openapi';

const url = 'https://portainer.example.org:9443';
const password = process.env.PORTAINER_PASSWORD!;

// Usually you let the client log in for you: it calls
// POST /auth before the first request and again before the
// 8-hour token runs out.
const portainer = createPortainerClient({
  url,
  username: 'automation',
  password,
});
// Optional: log in now rather than on the first call.
await portainer.login();

// Or call POST /auth yourself and keep the JWT (send it as
// `Authorization: Bearer <jwt>`).
const anonymous = createPortainerClient({ url });
const { data, error } = await anonymous.POST('/auth', {
  body: { Username: 'automation', Password: password },
});
// 422 for a wrong password, 403 while rate-limited
if (error) throw error;
const jwt = data.jwt;
const withToken = createPortainerClient({ url, jwt });
