// The multiplexed-stream decoder, the tar reader/writer, the path-stat header and API version
// negotiation, without a daemon.
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createDockerEngineClient,
  createTar,
  decodePathStat,
  demultiplexDockerStream,
  demultiplexDockerStreamTo,
  encodeDockerFrame,
  isDirectory,
  negotiateDockerApiVersion,
  pickDockerApiVersion,
  compareDockerApiVersions,
  readTarEntries,
  withNegotiatedDockerApiVersion,
  type DockerStreamChunk,
} from '../../src/index.js';
import { concat } from '../helpers/bytes.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);


/** A web stream of `bytes` cut into pieces of the given sizes (cycled). */
function streamOf(bytes: Uint8Array, sizes: number[]): ReadableStream<Uint8Array> {
  let at = 0;
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const size = sizes[i++ % sizes.length]!;
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

/** Merges consecutive chunks of the same stream, for comparing outputs. */
async function collect(chunks: AsyncIterable<DockerStreamChunk>): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  for await (const { stream, data } of chunks) {
    const last = out[out.length - 1];
    if (last && last[0] === stream) last[1] += text(data);
    else out.push([stream, text(data)]);
  }
  return out;
}

describe('demultiplexDockerStream', () => {
  const frames = concat(
    encodeDockerFrame('stdout', 'hello\n'),
    encodeDockerFrame('stderr', 'oops\n'),
    encodeDockerFrame('stdout', ''),
    encodeDockerFrame('stdout', 'x'.repeat(1000)),
    encodeDockerFrame('stdin', 'in'),
  );
  const expected = [
    ['stdout', 'hello\n'],
    ['stderr', 'oops\n'],
    ['stdout', 'x'.repeat(1000)],
    ['stdin', 'in'],
  ];

  it('decodes frames in order, whole or split at every possible place', async () => {
    for (const sizes of [[frames.length], [1], [3], [7, 1, 9], [8], [13, 500]]) {
      expect(await collect(demultiplexDockerStream(streamOf(frames, sizes)))).toEqual(expected);
    }
  });

  it('accepts async iterables too', async () => {
    async function* gen() {
      yield frames.subarray(0, 5);
      yield frames.subarray(5);
    }
    expect(await collect(demultiplexDockerStream(gen()))).toEqual(expected);
  });

  it('yields a long frame in pieces no bigger than the chunks that arrive (bounded memory)', async () => {
    const total = 8 * 1024 * 1024;
    const header = encodeDockerFrame('stdout', new Uint8Array(0));
    new DataView(header.buffer).setUint32(4, total, false);
    let sent = 0;
    const source = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(header);
      },
      pull(c) {
        if (sent >= total) return c.close();
        const piece = new Uint8Array(Math.min(64 * 1024, total - sent)).fill(97);
        sent += piece.length;
        c.enqueue(piece);
      },
    });
    let received = 0;
    let biggest = 0;
    for await (const { stream, data } of demultiplexDockerStream(source)) {
      expect(stream).toBe('stdout');
      received += data.length;
      biggest = Math.max(biggest, data.length);
    }
    expect(received).toBe(total);
    expect(biggest).toBeLessThanOrEqual(64 * 1024);
  });

  it('refuses a raw TTY stream and a truncated frame', async () => {
    await expect(collect(demultiplexDockerStream(streamOf(new TextEncoder().encode('plain tty output\n'), [100])))).rejects.toMatchObject({ code: 'stream-format' });
    await expect(collect(demultiplexDockerStream(streamOf(frames.subarray(0, 10), [4])))).rejects.toThrow(/ended inside a frame/);
  });

  it('pipes stdout and stderr into two Node writables, and raw TTY output to stdout', async () => {
    const sink = () => {
      const parts: string[] = [];
      const w = new Writable({
        highWaterMark: 4,
        write(chunk, _enc, cb) {
          parts.push(String(chunk));
          setImmediate(cb);
        },
      });
      return { w, parts };
    };
    const out = sink();
    const err = sink();
    const counts = await demultiplexDockerStreamTo(streamOf(frames, [5]), out.w, err.w);
    expect(out.parts.join('')).toBe('hello\n' + 'x'.repeat(1000) + 'in');
    expect(err.parts.join('')).toBe('oops\n');
    expect(counts).toEqual({ stdout: 1008, stderr: 5 });

    const tty = sink();
    const none = sink();
    await demultiplexDockerStreamTo(streamOf(new TextEncoder().encode('a\r\nb\r\n'), [2]), tty.w, none.w, { tty: true });
    expect(tty.parts.join('')).toBe('a\r\nb\r\n');
    expect(none.parts).toEqual([]);
  });

  it('pipes into web WritableStreams and closes them', async () => {
    const got: string[] = [];
    let closed = 0;
    const web = () => new WritableStream<Uint8Array>({ write: (c) => void got.push(text(c)), close: () => void closed++ });
    await demultiplexDockerStreamTo(streamOf(frames, [64]), web(), web());
    expect(got.join('')).toContain('hello');
    expect(closed).toBe(2);
  });

  it('cancels the source when the consumer stops early', async () => {
    let cancelled = false;
    const source = new ReadableStream<Uint8Array>({
      pull: (c) => c.enqueue(encodeDockerFrame('stdout', 'again\n')),
      cancel: () => void (cancelled = true),
    });
    for await (const chunk of demultiplexDockerStream(source)) {
      expect(text(chunk.data)).toBe('again\n');
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('tar', () => {
  const long = `deep/${'d'.repeat(120)}/file.txt`;
  let archive: Uint8Array;
  const built = createTar([
    { name: 'dir', type: 'directory' },
    { name: 'dir/hello.txt', data: 'hello\n', mode: 0o600 },
    { name: 'dir/link', type: 'symlink', linkName: 'hello.txt' },
    { name: long, data: 'y'.repeat(1500) },
    { name: 'empty', data: '' },
  ]);
  beforeAll(async () => {
    archive = await built;
  });

  it('reads back what createTar wrote, split anywhere', async () => {
    for (const sizes of [[archive.length], [1], [511, 2, 700]]) {
      const entries = [];
      for await (const e of readTarEntries(streamOf(archive, sizes))) entries.push(e);
      expect(entries.map((e) => [e.name, e.type])).toEqual([
        ['dir/', 'directory'],
        ['dir/hello.txt', 'file'],
        ['dir/link', 'symlink'],
        [long, 'file'],
        ['empty', 'file'],
      ]);
      expect(text(entries[1]!.data!)).toBe('hello\n');
      expect(entries[1]!.mode).toBe(0o600);
      expect(entries[2]!.linkName).toBe('hello.txt');
      expect(entries[3]!.size).toBe(1500);
      expect(entries[4]!.data!.length).toBe(0);
    }
  });

  it('reads what GNU tar writes, long names included', async () => {
    const { execFileSync } = await import('node:child_process');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'd1-tar-'));
    try {
      const name = 'n'.repeat(150);
      fs.writeFileSync(path.join(dir, name), 'long');
      fs.writeFileSync(path.join(dir, 'short'), 'short');
      const bytes = new Uint8Array(execFileSync('tar', ['-C', dir, '-cf', '-', name, 'short']));
      const entries = [];
      for await (const e of readTarEntries(streamOf(bytes, [300]))) entries.push([e.name, text(e.data!)]);
      expect(entries).toEqual([
        [name, 'long'],
        ['short', 'short'],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps no content when asked not to, and flags a truncated archive', async () => {
    for await (const e of readTarEntries(streamOf(archive, [4096]), { maxDataBytes: 0 })) expect(e.data).toBeUndefined();
    const truncated = archive.subarray(0, 512 + 100);
    await expect((async () => { for await (const _ of readTarEntries(streamOf(truncated, [50]))) void _; })()).rejects.toMatchObject({ code: 'stream-format' });
  });
});

describe('path stat header', () => {
  it('decodes what the daemon sends', () => {
    const stat = decodePathStat('eyJuYW1lIjoiZXRjIiwic2l6ZSI6NDA5NiwibW9kZSI6MjE0NzQ4NDE0MSwibXRpbWUiOiIyMDI2LTExLTIyVDE2OjQyOjI1LjUxMTkxMTkyNVoiLCJsaW5rVGFyZ2V0IjoiIn0=');
    expect(stat).toMatchObject({ name: 'etc', size: 4096, linkTarget: '' });
    expect(isDirectory(stat!)).toBe(true);
    expect(stat!.mode & 0o777).toBe(0o755);
    expect(isDirectory(decodePathStat(Buffer.from(JSON.stringify({ name: 'passwd', size: 71, mode: 420, mtime: '', linkTarget: '' })).toString('base64'))!)).toBe(false);
    expect(decodePathStat(null)).toBeUndefined();
  });
});

describe('API version negotiation', () => {
  const daemon = (apiVersion: string, seen: string[]) => async (request: Request) => {
    seen.push(new URL(request.url).pathname);
    if (new URL(request.url).pathname === '/version') {
      return new Response(JSON.stringify({ ApiVersion: apiVersion, MinAPIVersion: '1.12', Version: '20.10.24' }), { headers: { 'Content-Type': 'application/json' } });
    }
    return new Response(JSON.stringify({ ok: true }), { headers: { 'Content-Type': 'application/json' } });
  };

  it('compares versions numerically and picks the lower', () => {
    expect(compareDockerApiVersions('1.9', '1.41')).toBeLessThan(0);
    expect(compareDockerApiVersions('1.41', '1.41')).toBe(0);
    expect(pickDockerApiVersion('1.41')).toBe('1.41');
    expect(pickDockerApiVersion('1.60')).toBe('1.55');
    expect(() => pickDockerApiVersion('latest')).toThrow(/not a Docker API version/);
  });

  it('asks GET /version and uses the lower of the daemon and 1.55', async () => {
    const seen: string[] = [];
    const probe = createDockerEngineClient({ url: 'http://daemon.test', fetch: daemon('1.41', seen) });
    expect(await negotiateDockerApiVersion(probe)).toBe('1.41');
    await probe.close();

    const newer = await withNegotiatedDockerApiVersion((o) => createDockerEngineClient({ url: 'http://daemon.test', fetch: daemon('1.99', seen), ...o }));
    expect(newer.apiVersion).toBe('1.55');
    await newer.GET('/containers/json');
    expect(seen.at(-1)).toBe('/v1.55/containers/json');
    await newer.close();
  });

  it('works with any client factory, and reports a failed /version', async () => {
    const seen: string[] = [];
    const client = await withNegotiatedDockerApiVersion((o) => createDockerEngineClient({ url: 'http://daemon.test', fetch: daemon('1.43', seen), ...o }));
    await client.GET('/_ping', { parseAs: 'text' });
    expect(seen).toEqual(['/version', '/v1.43/_ping']);
    await client.close();

    const failing = createDockerEngineClient({
      url: 'http://daemon.test',
      retry: { attempts: 1 },
      fetch: async () => new Response(JSON.stringify({ message: 'boom' }), { status: 500, headers: { 'Content-Type': 'application/json' } }),
    });
    await expect(negotiateDockerApiVersion(failing)).rejects.toMatchObject({ status: 500, message: 'boom' });
    await failing.close();
  });
});

