import { createPortainerClient, demultiplexDockerStream, rawDockerStream } from 'portainer-openapi';

const portainer = createPortainerClient({ url: 'https://portainer.example.org:9443', apiKey: process.env.PORTAINER_API_KEY! });
const docker = portainer.docker(1);
const id = 'web01';

// Without a TTY the daemon sends stdout and stderr as frames with an 8-byte header;
// with a TTY it sends the raw bytes. The container's configuration says which.
const inspect = await docker.GET('/containers/{id}/json', { params: { path: { id } } });
if (inspect.error) throw inspect.error;
const tty = inspect.data.Config?.Tty === true;

const { data: body, error } = await docker.GET('/containers/{id}/logs', {
  params: { path: { id }, query: { stdout: true, stderr: true, tail: '100', timestamps: true } },
  parseAs: 'stream', // add `follow: true` to keep reading as the container writes
});
if (error) throw error;
for await (const chunk of (tty ? rawDockerStream : demultiplexDockerStream)(body!)) {
  (chunk.stream === 'stderr' ? process.stderr : process.stdout).write(chunk.data);
}
