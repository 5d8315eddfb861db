import { describe, expect, it } from 'vitest';
import { demultiplexDockerLines, encodeDockerFrame } from '../../src/index.js';
import { concat } from '../helpers/bytes.js';

const source = (...chunks: Uint8Array[]) => new ReadableStream<Uint8Array>({ start(c) { for (const chunk of chunks) c.enqueue(chunk); c.close(); } });
const collect = async (it: AsyncIterable<{ stream: string; line: string }>) => { const out: string[] = []; for await (const { stream, line } of it) out.push(`${stream}:${line}`); return out; };

describe('demultiplexDockerLines', () => {
  it('splits each stream into lines, keeping order within each stream', async () => {
    const bytes = concat(encodeDockerFrame('stdout', 'a1\na2\n'), encodeDockerFrame('stderr', 'e1\n'), encodeDockerFrame('stdout', 'a3\n'));
    expect(await collect(demultiplexDockerLines(source(bytes)))).toEqual(['stdout:a1', 'stdout:a2', 'stderr:e1', 'stdout:a3']);
  });

  it('joins a line split across frames and chunks, and a UTF-8 character cut in two', async () => {
    const euro = new TextEncoder().encode('€'); // 3 bytes
    const bytes = concat(encodeDockerFrame('stdout', concat(new TextEncoder().encode('pri'), euro.subarray(0, 1))), encodeDockerFrame('stdout', concat(euro.subarray(1), new TextEncoder().encode('ce\r\nnext'))));
    const chunks = [bytes.subarray(0, 5), bytes.subarray(5, 13), bytes.subarray(13)];
    expect(await collect(demultiplexDockerLines(source(...chunks)))).toEqual(['stdout:pri€ce', 'stdout:next']);
  });

  it('reads a raw TTY stream with tty: true', async () => {
    expect(await collect(demultiplexDockerLines(source(new TextEncoder().encode('$ ls\nbin\n')), { tty: true }))).toEqual(['stdout:$ ls', 'stdout:bin']);
  });
});
