import { describe, expect, it } from 'vitest';
import { demultiplexDockerStream, demultiplexDockerStreamTo, encodeDockerFrame } from '../../src/index.js';
import { concat } from '../helpers/bytes.js';

const frames = () => concat(encodeDockerFrame('stdout', 'a1\n'), encodeDockerFrame('stderr', 'e1\n'), encodeDockerFrame('stdout', 'a2\n'), encodeDockerFrame('stderr', 'e2\n'));
const source = (bytes: Uint8Array) => new ReadableStream<Uint8Array>({ start(c) { c.enqueue(bytes); c.close(); } });
const text = (d: Uint8Array) => new TextDecoder().decode(d);

describe('per-stream joining', () => {
  it('keeps exact order by default, joining only consecutive frames of one stream', async () => {
    const out: string[] = [];
    for await (const c of demultiplexDockerStream(source(frames()))) out.push(`${c.stream}:${text(c.data)}`);
    expect(out).toEqual(['stdout:a1\n', 'stderr:e1\n', 'stdout:a2\n', 'stderr:e2\n']);
  });

  it('pipes each stream to its own sink, in order', async () => {
    const seen = { out: '', err: '' };
    const sink = (key: 'out' | 'err') => new WritableStream<Uint8Array>({ write(chunk) { seen[key] += text(chunk); } });
    const counts = await demultiplexDockerStreamTo(source(frames()), sink('out'), sink('err'));
    expect(seen).toEqual({ out: 'a1\na2\n', err: 'e1\ne2\n' });
    expect(counts).toEqual({ stdout: 6, stderr: 6 });
  });

  it('writes once per sink for the frames of one chunk (log lines alternate streams often)', async () => {
    const writes = { out: [] as string[], err: [] as string[] };
    const sink = (key: 'out' | 'err') => new WritableStream<Uint8Array>({ write(chunk) { writes[key].push(text(chunk)); } });
    await demultiplexDockerStreamTo(source(frames()), sink('out'), sink('err'));
    expect(writes).toEqual({ out: ['a1\na2\n'], err: ['e1\ne2\n'] });
  });

  it('keeps the daemon\'s order when both streams go to one sink', async () => {
    const writes: string[] = [];
    const both = new WritableStream<Uint8Array>({ write(chunk) { writes.push(text(chunk)); } });
    await demultiplexDockerStreamTo(source(frames()), both, both);
    expect(writes.join('')).toBe('a1\ne1\na2\ne2\n');
  });
});
