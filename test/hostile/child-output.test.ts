// Class 19: scripts/lib/run.js (how the toolkit runs redocly, tsc, prism…) decodes a child's
// output as UTF-8 across chunk boundaries, on stdout and stderr, and a very long line costs it
// linear time.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { run } from '../../scripts/lib/run.js';

/** A child that writes `text` one byte per write, pausing between writes so each is a chunk of its own. */
const bytewise = (stream: 'stdout' | 'stderr', text: string) => `
  const bytes = Buffer.from(${JSON.stringify(text)});
  let i = 0;
  const next = () => {
    if (i === bytes.length) return;
    process.${stream}.write(bytes.subarray(i, ++i), () => setTimeout(next, 5));
  };
  next();
`;

describe('child output', () => {
  for (const stream of ['stdout', 'stderr'] as const) {
    it(`multi-byte characters split across chunks (${stream})`, { timeout: 10_000 }, async () => {
      const text = 'é€😀 — 日本\n';
      const { code, output } = await run(process.execPath, ['-e', bytewise(stream, text)], { quiet: true, timeoutMs: 9000 });
      expect(code).toBe(0);
      expect(output).toBe(text);
      expect(output).not.toContain('\uFFFD');
    });
  }

  it('a 64 MiB line arrives whole, in linear time', { timeout: 10_000 }, async () => {
    const script = `
      const block = Buffer.alloc(65536, 'x');
      let left = 1024;
      const pump = () => { while (left > 0) { left--; if (!process.stdout.write(block)) return process.stdout.once('drain', pump); } process.stdout.write('\\nend\\n'); };
      pump();
    `;
    const { code, stdout } = await run(process.execPath, ['-e', script], { quiet: true, timeoutMs: 9000 });
    expect(code).toBe(0);
    expect(stdout.length).toBe(64 * 1024 * 1024 + 5);
    expect(stdout.endsWith('x\nend\n')).toBe(true);
  });
});
