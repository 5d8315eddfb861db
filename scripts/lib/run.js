// Runs a tool and streams its output, minus Redocly's Node 20 end-of-life banner (noise on
// these machines, where Node 20 is what we have).
import { spawn } from 'node:child_process';

const BANNER = /^\s*[╔║╚].*$/;

export function run(command, args, { cwd, quiet = false, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const forward = (stream, sink) => {
      let pending = '';
      stream.on('data', (chunk) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop();
        for (const line of lines) emit(line, sink);
      });
      stream.on('end', () => { if (pending) emit(pending, sink); });
    };
    const emit = (line, sink) => {
      if (BANNER.test(line) || /Unknown user config "nodedir"/.test(line)) return;
      output += `${line}\n`;
      if (!quiet) sink.write(`${line}\n`);
    };
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
