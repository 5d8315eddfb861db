// Class 8: tar archives. PAX records are bytes (UTF-8 names, lengths in bytes); PAX size, path and
// mtime are honoured; PAX metadata is bounded (in size and in work); names up to 255 bytes, and
// longer ones through PAX, are written so that GNU tar reads them back; damaged archives fail with
// `stream-format`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTar, PortainerError, readTarEntries, type TarEntryWithData } from '../../src/index.js';
import { concat, text } from '../helpers/bytes.js';
import { drain, pieces, streamOf } from '../helpers/hostile.js';
import { inWorker } from '../helpers/bounded.js';
import { END, entry, header, pax, paxRecords } from '../helpers/tar-bytes.js';

const work = new URL('./work/tar.ts', import.meta.url);
type Outcome = { names: string[]; error?: { code?: string } };

const MiB = 1024 * 1024;

async function read(bytes: Uint8Array, chunk = 512) {
  return drain<TarEntryWithData>(readTarEntries(streamOf(pieces(bytes, chunk))));
}

function expectFormatError(error: unknown) {
  expect(error).toBeInstanceOf(PortainerError);
  expect(error).toMatchObject({ code: 'stream-format' });
}

describe('PAX records', () => {
  it('are bytes: a UTF-8 path whose record length counts bytes', { timeout: 10_000 }, async () => {
    const name = `données/${'日本語-ファイル-é'.repeat(8)}.txt`;
    const { items, error } = await read(concat(...pax({ path: name }), ...entry({ name: 'short' }, 'hi'), ...entry({ name: 'next' }, 'x'), END), 7);
    expect(error).toBeUndefined();
    expect(items.map((e) => e.name)).toEqual([name, 'next']);
    expect(text(items[0]!.data!)).toBe('hi');
  });

  it('size: a size only PAX tells, and the entry after it still parses', { timeout: 10_000 }, async () => {
    const data = 'hello, pax size';
    const archive = concat(...pax({ size: String(data.length) }), header({ name: 'sized', sizeField: '00000000000\0' }), ...entry({ name: 'x' }, data).slice(1), ...entry({ name: 'after' }, 'ok'), END);
    const { items, error } = await read(archive);
    expect(error).toBeUndefined();
    expect(items.map((e) => [e.name, e.size, text(e.data!)])).toEqual([
      ['sized', data.length, data],
      ['after', 2, 'ok'],
    ]);
  });

  it('mtime: fractional seconds', { timeout: 10_000 }, async () => {
    const { items } = await read(concat(...pax({ mtime: '1700000000.25' }), ...entry({ name: 'timed', mtime: 5 }, ''), END));
    expect(items[0]!.mtime.getTime()).toBe(1_700_000_000_250);
  });

  it('path: 300 bytes', { timeout: 10_000 }, async () => {
    const name = `${'deep/'.repeat(59)}file.txt`;
    const { items } = await read(concat(...pax({ path: name }), ...entry({ name: 'cut' }, 'z'), END));
    expect(items[0]!.name).toBe(name);
  });

  it('a PAX header claiming a gigabyte is refused without reading it', { timeout: 10_000 }, async () => {
    let pulled = 0;
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          return controller.enqueue(header({ name: 'PaxHeader', type: 'x', size: 1024 * MiB }));
        }
        pulled += 65536;
        controller.enqueue(new Uint8Array(65536).fill(0x31));
      },
    });
    const { error } = await drain(readTarEntries(stream));
    expectFormatError(error);
    expect(pulled).toBeLessThan(16 * MiB);
  });

  it('records shaped to make a parser rescan take linear time', { timeout: 15_000 }, async () => {
    // "2a2a2a…": each record claims 2 bytes, and the space that ends its length is a megabyte away.
    const body = new TextEncoder().encode(`${'2a'.repeat(512 * 1024)} `);
    const outcome = await inWorker<Outcome>(work, 'readNames', [concat(...pax(body), ...entry({ name: 'plain' }, 'p'), END), 65536]);
    if (outcome.error) expect(outcome.error).toMatchObject({ code: 'stream-format' });
    else expect(outcome.names).toEqual(['plain']);
  });

  it('many small global records take linear time', { timeout: 15_000 }, async () => {
    const records: Record<string, string> = {};
    for (let i = 0; i < 500; i++) records[`k${i}`] = 'v';
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 2000; i++) parts.push(...entry({ name: 'g', type: 'g' }, paxRecords(records)), ...entry({ name: `f${i}` }, 'x'));
    const outcome = await inWorker<Outcome>(work, 'readNames', [concat(...parts, END), 65536]);
    if (outcome.error) expect(outcome.error).toMatchObject({ code: 'stream-format' });
    else expect(outcome.names).toHaveLength(2000);
  });
});

describe('writing names', () => {
  const names = [
    'a'.repeat(100),
    `${'dir/'.repeat(30)}${'n'.repeat(90)}`, // 210 bytes: prefix and name
    `${'p'.repeat(154)}/${'q'.repeat(100)}`, // 255 bytes: the longest ustar holds
    `${'é'.repeat(60)}/${'ü'.repeat(50)}`, // 221 bytes of UTF-8
    `${'long/'.repeat(80)}end`, // 403 bytes: PAX
    'x'.repeat(300), // 300 bytes without a slash: PAX
  ];

  it('up to 255 bytes and beyond, read back by the reader and by GNU tar', { timeout: 20_000 }, async () => {
    const archive = await createTar(names.map((name) => ({ name, data: `content of ${name.length}`, mtime: new Date(1_700_000_000_000) })));
    const { items, error } = await read(archive, 100);
    expect(error).toBeUndefined();
    expect(items.map((e) => e.name)).toEqual(names);
    expect(items.map((e) => text(e.data!))).toEqual(names.map((n) => `content of ${n.length}`));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-tar-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.tar'), archive);
      const listed = execFileSync('tar', ['-tf', path.join(dir, 'a.tar')], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
      expect(listed.trimEnd().split('\n')).toEqual(names);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads what GNU tar writes in PAX format (UTF-8 long names, sub-second mtime)', { timeout: 20_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-tar-'));
    try {
      const long = `${'répertoire-'.repeat(12)}/${'fichier-日本-'.repeat(10)}.txt`;
      fs.mkdirSync(path.join(dir, 'src', path.dirname(long)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src', long), 'gnu');
      fs.utimesSync(path.join(dir, 'src', long), 1_700_000_000.5, 1_700_000_000.5);
      execFileSync('tar', ['--format=pax', '-cf', path.join(dir, 'g.tar'), '-C', path.join(dir, 'src'), long], { env: { ...process.env, LC_ALL: 'C.UTF-8' } });
      const { items, error } = await read(new Uint8Array(fs.readFileSync(path.join(dir, 'g.tar'))), 333);
      expect(error).toBeUndefined();
      const file = items.find((e) => e.type === 'file')!;
      expect(file.name).toBe(long);
      expect(text(file.data!)).toBe('gnu');
      expect(file.mtime.getTime()).toBe(1_700_000_000_500);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('damaged archives', () => {
  const good = concat(...entry({ name: 'one' }, 'first'), ...entry({ name: 'two' }, 'second'), END);
  const cases: Record<string, Uint8Array> = {
    'a wrong checksum': concat(...entry({ name: 'one', checksumError: 7 }, 'first'), END),
    'cut inside the data': good.subarray(0, 512 + 3),
    'cut inside a header': good.subarray(0, 1024 + 100),
    'bytes that are no archive': new TextEncoder().encode('<html>not a tar</html>'.repeat(50)),
    'a size that is not a number': concat(header({ name: 'bad', sizeField: 'zzzzzzzzzzz\0' }), END),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    it(name, { timeout: 10_000 }, async () => {
      const { error } = await read(bytes, 64);
      expectFormatError(error);
    });
  }
});
