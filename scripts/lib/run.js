// Runs a tool and streams its output, minus Redocly's Node 20 end-of-life banner (noise on
// these machines, where Node 20 is what we have).
import { spawn } from 'node:child_process';

const BANNER = /^\s*[╔║╚].*$/;

/**
 * Resolves `{ code, output, stdout }` (output: both streams, as shown). `timeoutMs`, when given,
 * bounds the run: the tool is killed and the run resolves with code 124.
 */
export function run(command, args, { cwd, quiet = false, env, timeoutMs } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stdout = '';
    // Decoded as UTF-8 across chunk boundaries (a character may straddle two chunks); a line's
    // pieces are kept apart and joined once its newline comes, so a long line costs linear time.
    const forward = (stream, sink) => {
      stream.setEncoding('utf8');
      let parts = [];
      stream.on('data', (chunk) => {
        let start = 0;
        for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
          parts.push(chunk.slice(start, end));
          emit(parts.join(''), sink);
          parts = [];
          start = end + 1;
        }
        if (start < chunk.length) parts.push(chunk.slice(start));
      });
      stream.on('end', () => { if (parts.length) emit(parts.join(''), sink); });
    };
    const emit = (line, sink) => {
      if (BANNER.test(line) || /Unknown user config "nodedir"/.test(line)) return;
      output += `${line}\n`;
      if (sink === process.stdout) stdout += `${line}\n`;
      if (!quiet) sink.write(`${line}\n`);
    };
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    let timedOut = false;
    const timer = timeoutMs ? setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs) : undefined;
    child.on('error', (error) => { clearTimeout(timer); reject(error); });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) output += `${command} did not finish within ${timeoutMs} ms\n`;
      resolve({ code: timedOut ? 124 : (code ?? 1), output, stdout });
    });
  });
}
