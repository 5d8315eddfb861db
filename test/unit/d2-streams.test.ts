// The NDJSON reader and the progress follower on hand-made byte streams: lines split anywhere,
// multi-byte characters split across chunks, no final newline, malformed lines, early exit.
// (The Docker tier runs them on real daemon output.)
import { describe, expect, it } from 'vitest';
import { DockerStreamError, PortainerError, followProgress, ndjson, toDockerTime } from '../../src/index.js';

const encoder = new TextEncoder();

/** A byte stream that delivers `text` in pieces cut at the given byte offsets. */
function streamOf(text: string | Uint8Array, cuts: number[] = []): ReadableStream<Uint8Array> & { cancelled: () => boolean } {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  const bounds = [0, ...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length];
  let i = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i + 1 >= bounds.length) return controller.close();
      controller.enqueue(bytes.slice(bounds[i], bounds[i + 1]));
      i++;
    },
    cancel() {
      cancelled = true;
    },
  });
  return Object.assign(stream, { cancelled: () => cancelled });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('ndjson', () => {
  const body = '{"status":"Pulling fs layer","id":"a"}\n{"status":"Downloading","id":"a","progressDetail":{"current":5,"total":10}}\n{"status":"Done"}\n';

  it('reads one value per line, whatever the chunking', async () => {
    const expected = body.trim().split('\n').map((l) => JSON.parse(l));
    for (const cuts of [[], [1], [10, 11, 12], [body.indexOf('\n')], [body.indexOf('\n') + 1], Array.from({ length: body.length }, (_, i) => i)]) {
      expect(await collect(ndjson(streamOf(body, cuts)))).toEqual(expected);
    }
  });

  it('keeps multi-byte characters that a chunk boundary cuts in half', async () => {
    const line = '{"stream":"Étape 1/2 : FROM café ☕ 🐳"}\n';
    const bytes = encoder.encode(line);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await collect(ndjson(streamOf(bytes, [cut])))).toEqual([{ stream: 'Étape 1/2 : FROM café ☕ 🐳' }]);
    }
  });

  it('reads a last line that has no newline, and skips blank lines and CRLF endings', async () => {
    expect(await collect(ndjson(streamOf('{"a":1}\r\n\n  \n{"b":2}', [3])))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('accepts RFC 7464 record separators (application/json-seq)', async () => {
    expect(await collect(ndjson(streamOf('\u001e{"a":1}\n\u001e{"b":2}\n')))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('names the malformed line, after yielding the good ones before it', async () => {
    const seen: unknown[] = [];
    const error = await (async () => {
      try {
        for await (const value of ndjson(streamOf('{"a":1}\n{"a":2}\n{"a":\n{"a":4}\n', [5, 17]))) seen.push(value);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(seen).toEqual([{ a: 1 }, { a: 2 }]);
    expect(error).toBeInstanceOf(PortainerError);
    expect(error).toMatchObject({ code: 'unreadable-body', message: 'Line 3 of the stream is not JSON' });
  });

  it('refuses a line longer than the limit instead of buffering it', async () => {
    const long = `{"x":"${'y'.repeat(5000)}"}\n`;
    await expect(collect(ndjson(streamOf(long, [100, 200, 4000]), { maxLineBytes: 1000 }))).rejects.toMatchObject({
      code: 'line-too-long',
      message: 'Line 1 of the stream is longer than 1000 bytes (the `maxLineBytes` option)',
    });
  });

  it('cancels the stream when the loop stops early', async () => {
    const stream = streamOf('{"a":1}\n{"a":2}\n{"a":3}\n', [8, 16]);
    for await (const value of ndjson<{ a: number }>(stream)) if (value.a === 1) break;
    expect(stream.cancelled()).toBe(true);
  });

  it('stops when the signal fires', async () => {
    const controller = new AbortController();
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const value of ndjson(streamOf('{"a":1}\n{"a":2}\n', [8]), { signal: controller.signal })) {
          seen.push(value);
          controller.abort(new Error('enough'));
        }
      })(),
    ).rejects.toThrow('enough');
    expect(seen).toEqual([{ a: 1 }]);
  });

  it('reads Node async iterables of bytes too', async () => {
    async function* chunks() {
      yield encoder.encode('{"a"');
      yield encoder.encode(':1}\n');
    }
    expect(await collect(ndjson(chunks()))).toEqual([{ a: 1 }]);
  });
});

describe('followProgress', () => {
  it('reports each layer and sums up a pull', async () => {
    const lines = [
      { status: 'Pulling from team/app', id: '1' },
      { status: 'Pulling fs layer', progressDetail: {}, id: 'aaa' },
      { status: 'Downloading', progressDetail: { current: 10, total: 20 }, progress: '[==> ]', id: 'aaa' },
      { status: 'Pull complete', progressDetail: {}, id: 'aaa' },
      { status: 'Digest: sha256:' + '1'.repeat(64) },
      { status: 'Status: Downloaded newer image for localhost:5000/team/app:1' },
    ];
    const seen: unknown[] = [];
    const summary = await followProgress(streamOf(lines.map((l) => JSON.stringify(l)).join('\n'), [7, 50, 51]), { onLayer: (p) => seen.push(p) });
    expect(seen).toEqual([
      { id: 'aaa', status: 'Pulling fs layer' },
      { id: 'aaa', status: 'Downloading', current: 10, total: 20 },
      { id: 'aaa', status: 'Pull complete' },
    ]);
    expect(summary.lines).toBe(6);
    expect(summary.layers.get('aaa')).toEqual({ id: 'aaa', status: 'Pull complete' });
    expect(summary.digest).toBe('sha256:' + '1'.repeat(64));
    expect(summary.statuses.at(-1)).toMatch(/^Status: Downloaded newer image/);
  });

  it('rejects with the daemon message of an error line, keeping what came before', async () => {
    const body = '{"stream":"Step 1/2 : FROM x"}\n{"errorDetail":{"code":3,"message":"step failed"},"error":"step failed"}\n{"stream":"never read"}\n';
    const error = await followProgress(streamOf(body)).catch((e) => e);
    expect(error).toBeInstanceOf(DockerStreamError);
    expect(error.message).toBe('step failed');
    expect(error).toBeInstanceOf(PortainerError);
    expect(error.code).toBe('stream-error');
    expect(error.exitCode).toBe(3);
    expect(error.summary.output).toEqual(['Step 1/2 : FROM x']);
  });

  it('takes the image ID from aux, a quiet build, an import or a load', async () => {
    const id = 'sha256:' + 'a'.repeat(64);
    for (const line of [{ aux: { ID: id } }, { stream: `${id}\n` }, { status: id }, { stream: `Loaded image ID: ${id}\n` }]) {
      expect((await followProgress(streamOf(JSON.stringify(line)))).imageId).toBe(id);
    }
  });

  it('accepts a Response', async () => {
    const summary = await followProgress(new Response('{"aux":{"Tag":"1","Digest":"sha256:' + 'b'.repeat(64) + '","Size":527}}\n'));
    expect(summary.digest).toBe('sha256:' + 'b'.repeat(64));
    expect(summary.aux).toHaveLength(1);
  });
});

describe('toDockerTime', () => {
  it('writes Unix seconds with nanoseconds', () => {
    expect(toDockerTime(new Date(1795365745000))).toBe('1795365745');
    expect(toDockerTime(new Date(1795365745123))).toBe('1795365745.123000000');
    expect(toDockerTime(1795365745.5)).toBe('1795365745.500000000');
    expect(toDockerTime('1795365745.000000001')).toBe('1795365745.000000001');
  });
});
