import {
  createPortainerClient,
  demultiplexDockerStream,
  rawDockerStream,
} from 'portainer-openapi';

const portainer = createPortainerClient({
  url: 'https://portainer.example.org:9443',
  apiKey: process.env.PORTAINER_API_KEY!,
});
const docker = portainer.docker(1);
const id = 'web01';

// Without a TTY the daemon sends stdout and stderr as
// frames with an 8-byte header; with a TTY it sends the raw
// bytes. The container's configuration says which.
const inspect = await docker.GET('/containers/{id}/json', {
  params: { path: { id } },
});
if (inspect.error) throw inspect.error;
const tty = inspect.data.Config?.Tty === true;

const { data: body, error } = await docker.GET(
  '/containers/{id}/logs',
  {
    params: {
      path: { id },
      query: { stdout: true, stderr: true, tail: '100' },
    },
    // `follow: true` in the query keeps reading as the
    // container writes.
    parseAs: 'stream',
  },
);
if (error) throw error;
const frames = tty
  ? rawDockerStream(body!)
  : demultiplexDockerStream(body!);
for await (const chunk of frames) {
  const err = chunk.stream === 'stderr';
  (err ? process.stderr : process.stdout).write(chunk.data);
}
