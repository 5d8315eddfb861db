// Class 7, property-based: any multiplexed frames, cut into chunks anywhere (every single cut and
// every pair of cuts of a sample, then random cuttings of random frames), give the same payloads
// per stream, in order; a type-3 frame anywhere gives every frame before it, then `stream-error`
// with the daemon's message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demultiplexDockerStream, demultiplexDockerStreamTo, encodeDockerFrame, type DockerStreamChunk, type DockerStreamName } from '../../src/index.js';
import { concat, text } from '../helpers/bytes.js';
import { cut, drain, streamOf } from '../helpers/hostile.js';

const NAMES: DockerStreamName[] = ['stdin', 'stdout', 'stderr'];
interface Frame {
  stream: DockerStreamName;
  payload: Uint8Array;
}

/** Runs of one stream, joined: what the decoder promises to keep (order, and bytes per stream). */
function runs(items: Array<{ stream: string; data: Uint8Array }>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const { stream, data } of items) {
    if (!data.byteLength) continue;
    const hex = Buffer.from(data).toString('hex');
    const last = out.at(-1);
    if (last && last[0] === stream) last[1] += hex;
    else out.push([stream, hex]);
  }
  return out;
}

const expected = (frames: Frame[]) => runs(frames.map((f) => ({ stream: f.stream, data: f.payload })));

function errorFrame(message: string): Uint8Array {
  const frame = encodeDockerFrame('stdout', message);
  frame[0] = 3;
  return frame;
}

const frameArb = fc.record({ stream: fc.constantFrom(...NAMES), payload: fc.uint8Array({ maxLength: 40 }) });
const framesArb = fc.array(frameArb, { maxLength: 20 });
const messageArb = fc.stringMatching(/^[a-z][a-z :]{0,30}[a-z]$/);

async function decode(bytes: Uint8Array, at: number[]) {
  return drain<DockerStreamChunk>(demultiplexDockerStream(streamOf(cut(bytes, at))));
}

describe('frames split at every boundary', () => {
  const sample: Frame[] = [
    { stream: 'stdout', payload: new TextEncoder().encode('hello\n') },
    { stream: 'stderr', payload: new TextEncoder().encode('oops') },
    { stream: 'stdout', payload: new Uint8Array(0) },
    { stream: 'stdin', payload: new TextEncoder().encode('in') },
    { stream: 'stdout', payload: new TextEncoder().encode('é€😀') },
  ];
  const bytes = concat(...sample.map((f) => encodeDockerFrame(f.stream, f.payload)));

  it('every single cut and every pair of cuts', { timeout: 30_000 }, async () => {
    for (let i = 0; i <= bytes.byteLength; i++) {
      for (let j = i; j <= bytes.byteLength; j++) {
        const { items, error } = await decode(bytes, [i, j]);
        expect(error, `cuts ${i},${j}`).toBeUndefined();
        expect(runs(items), `cuts ${i},${j}`).toEqual(expected(sample));
      }
    }
  });

  it('a type-3 frame after them, with every single cut', { timeout: 30_000 }, async () => {
    const failing = concat(bytes, errorFrame('Error grabbing logs: boom'), encodeDockerFrame('stdout', 'after'));
    for (let i = 0; i <= failing.byteLength; i++) {
      const { items, error } = await decode(failing, [i]);
      expect(runs(items), `cut ${i}`).toEqual(expected(sample));
      expect(error, `cut ${i}`).toMatchObject({ code: 'stream-error' });
      expect(error.message).toContain('Error grabbing logs: boom');
    }
  });
});

describe('random frames, random chunks', () => {
  it('same payloads per stream, in order', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(framesArb, fc.array(fc.nat(1000), { maxLength: 30 }), async (frames, at) => {
        const bytes = concat(...frames.map((f) => encodeDockerFrame(f.stream, f.payload)));
        const { items, error } = await decode(bytes, at);
        expect(error).toBeUndefined();
        expect(runs(items)).toEqual(expected(frames));
      }),
      { numRuns: 500 },
    );
  });

  it('a type-3 frame: the frames before it, then stream-error with its message', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(framesArb, framesArb, messageArb, fc.array(fc.nat(1000), { maxLength: 30 }), async (before, after, message, at) => {
        const bytes = concat(...before.map((f) => encodeDockerFrame(f.stream, f.payload)), errorFrame(message), ...after.map((f) => encodeDockerFrame(f.stream, f.payload)));
        const { items, error } = await decode(bytes, at);
        expect(runs(items)).toEqual(expected(before));
        expect(error).toMatchObject({ code: 'stream-error' });
        expect(error.message).toContain(message);
      }),
      { numRuns: 500 },
    );
  });

  it('into two sinks: the same bytes per stream', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ stream: fc.constantFrom<DockerStreamName>('stdout', 'stderr'), payload: fc.uint8Array({ maxLength: 40 }) }), { maxLength: 20 }), fc.array(fc.nat(1000), { maxLength: 30 }), async (frames, at) => {
        const bytes = concat(...frames.map((f) => encodeDockerFrame(f.stream, f.payload)));
        const got = { stdout: [] as Uint8Array[], stderr: [] as Uint8Array[] };
        const sink = (name: 'stdout' | 'stderr') => new WritableStream<Uint8Array>({ write: (chunk) => void got[name].push(chunk.slice()) });
        const counts = await demultiplexDockerStreamTo(streamOf(cut(bytes, at)), sink('stdout'), sink('stderr'));
        for (const name of ['stdout', 'stderr'] as const) {
          const want = concat(...frames.filter((f) => f.stream === name).map((f) => f.payload));
          expect(text(concat(...got[name]))).toBe(text(want));
          expect(Buffer.from(concat(...got[name])).equals(Buffer.from(want))).toBe(true);
          expect(counts[name]).toBe(want.byteLength);
        }
      }),
      { numRuns: 300 },
    );
  });
});
