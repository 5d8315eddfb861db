import { createPortainerClient } from 'portainer-openapi';

const portainer = createPortainerClient({
  url: 'https://portainer.example.org:9443',
  apiKey: process.env.PORTAINER_API_KEY!,
});
const docker = portainer.docker(1);

const { data: created, error } = await docker.POST(
  '/containers/create',
  {
    params: { query: { name: 'web01' } },
    body: {
      Image: 'nginx:1.27',
      Env: ['NGINX_ENTRYPOINT_QUIET_LOGS=1'],
      ExposedPorts: { '80/tcp': {} },
      HostConfig: {
        PortBindings: { '80/tcp': [{ HostPort: '8080' }] },
        RestartPolicy: { Name: 'unless-stopped' },
      },
    },
  },
);
// 404: pull the image first (POST /images/create);
// 409: the name is taken.
if (error) throw error;
console.log(`created ${created.Id}`, created.Warnings);
