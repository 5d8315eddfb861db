// An interactive shell in a container, through Portainer's console WebSocket: what the Console
// button of Portainer's UI opens, in your own terminal.
//
//   PORTAINER_URL=https://portainer.example.org:9443 PORTAINER_API_KEY=ptr_… PORTAINER_ENDPOINT_ID=1 \
//   CONTAINER=web01 npx tsx examples/open-terminal.ts
//
// SHELL_CMD picks the program (default `sh`; `bash` where the image has it); ATTACH=1 attaches to the
// container's main process instead. Type `exit` to leave. Your terminal's size follows along.
// The API key travels in a header of the WebSocket handshake, never in its URL.
import { pathToFileURL } from 'node:url';
import { createPortainerClient, openTerminal, type TerminalEnd } from 'portainer-openapi/node';

/** Where keystrokes come from and output goes: the process's own terminal by default. */
export interface Console {
  input: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;
  write(text: string): void;
  size?(): { cols: number; rows: number } | undefined;
  /** Calls back when the terminal is resized; returns a function that stops listening. */
  onResize?(callback: () => void): () => void;
}

function processConsole(): Console {
  if (process.stdin.isTTY) process.stdin.setRawMode(true); // keys as typed (Ctrl-C goes to the container)
  return {
    input: process.stdin,
    write: (text) => void process.stdout.write(text),
    size: () => (process.stdout.columns ? { cols: process.stdout.columns, rows: process.stdout.rows } : undefined),
    onResize: (callback) => {
      process.stdout.on('resize', callback);
      return () => process.stdout.off('resize', callback);
    },
  };
}

export async function main(env: NodeJS.ProcessEnv = process.env, console_: Console = processConsole()): Promise<TerminalEnd> {
  const url = env.PORTAINER_URL;
  const apiKey = env.PORTAINER_API_KEY;
  const container = env.CONTAINER;
  if (!url || !apiKey || !container) throw new Error('Set PORTAINER_URL, PORTAINER_API_KEY and CONTAINER (see the top of examples/open-terminal.ts)');
  const endpointId = Number(env.PORTAINER_ENDPOINT_ID ?? 1);
  const portainer = createPortainerClient({ url, apiKey });
  try {
    const target = env.ATTACH === '1' ? { containerId: container, attach: true as const } : { containerId: container, cmd: [env.SHELL_CMD ?? 'sh'] };
    const session = await openTerminal(portainer, { endpointId, ...target });
    const fit = () => {
      const size = console_.size?.();
      if (size) session.resize(size.cols, size.rows).catch(() => undefined); // fails harmlessly once the process has ended
    };
    fit();
    const stopResizing = console_.onResize?.(fit);
    // Keystrokes go in while output comes out; the session ends when the process does.
    const typing = (async () => {
      for await (const keys of console_.input) await session.write(keys);
    })().catch(() => undefined);
    try {
      for await (const text of session) console_.write(text);
    } finally {
      stopResizing?.();
    }
    const end = await session.closed;
    void typing;
    return end;
  } finally {
    await portainer.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (end) => {
      process.exitCode = end.exitCode ?? 0;
      process.stdin.destroy(); // stop reading keys
    },
    (error) => {
      console.error(String(error));
      process.exitCode = 1;
      process.stdin.destroy();
    },
  );
}
