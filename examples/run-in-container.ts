// Run a command in a running container and get its output and exit code: `docker exec` for scripts.
//
//   PORTAINER_URL=https://portainer.example.org:9443 PORTAINER_API_KEY=ptr_… PORTAINER_ENDPOINT_ID=1 \
//   CONTAINER=db01 npx tsx examples/run-in-container.ts pg_isready -U postgres
//
// Or straight from a Docker daemon: DOCKER_URL=http://127.0.0.1:2375 (or DOCKER_SOCKET=/var/run/docker.sock)
// instead of the PORTAINER_ variables. Optional: RUN_USER, RUN_WORKDIR, and STDIN_FILE (a file fed to
// the command's standard input, such as a SQL script for `psql`).
//
// The command's stdout and stderr are printed apart; the script exits with the command's exit code.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { createDockerEngineClient, createPortainerClient, runInContainer, type DockerClient, type RunInContainerResult } from 'portainer-openapi/node';

export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

export async function main(
  cmd: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
  out: Output = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
): Promise<RunInContainerResult> {
  const container = env.CONTAINER;
  if (!container) throw new Error('Set CONTAINER to a container ID or name (see the top of examples/run-in-container.ts)');
  if (cmd.length === 0) throw new Error('Give the command to run as arguments, such as: ls -l /');
  const stdin = env.STDIN_FILE ? await readFile(env.STDIN_FILE) : undefined;
  const run = (docker: DockerClient) =>
    runInContainer(docker, container, { cmd, user: env.RUN_USER, workingDir: env.RUN_WORKDIR, stdin, signal: AbortSignal.timeout(5 * 60_000) });

  let result: RunInContainerResult;
  if (env.DOCKER_URL || env.DOCKER_SOCKET) {
    const docker = env.DOCKER_URL ? createDockerEngineClient({ url: env.DOCKER_URL }) : createDockerEngineClient({ socketPath: env.DOCKER_SOCKET! });
    try {
      result = await run(docker);
    } finally {
      await docker.close();
    }
  } else {
    const url = env.PORTAINER_URL;
    if (!url) throw new Error('Set PORTAINER_URL (or DOCKER_URL / DOCKER_SOCKET for a daemon)');
    const portainer = env.PORTAINER_API_KEY
      ? createPortainerClient({ url, apiKey: env.PORTAINER_API_KEY })
      : createPortainerClient({ url, username: env.PORTAINER_USERNAME ?? '', password: env.PORTAINER_PASSWORD ?? '' });
    try {
      result = await run(portainer.docker(Number(env.PORTAINER_ENDPOINT_ID ?? 1)));
    } finally {
      await portainer.close();
    }
  }
  out.stdout(result.stdout);
  out.stderr(result.stderr);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    ({ exitCode }) => (process.exitCode = exitCode),
    (error) => {
      console.error(String(error)); // a PortainerError names the call and the reason (404: no such container)
      process.exitCode = 1;
    },
  );
}
