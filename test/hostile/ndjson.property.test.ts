// Class 6, property-based: any JSON values, one per line, ended by \n or \r\n (the last line with
// or without its ending), cut into chunks anywhere (inside a multi-byte character too), read back
// as the same values, in order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ndjson } from '../../src/index.js';
import { cut, drain, streamOf } from '../helpers/hostile.js';

const encoder = new TextEncoder();

describe('NDJSON whatever the chunking', () => {
  it('gives back the values written', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue(), { maxLength: 15 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.nat(2000), { maxLength: 40 }),
        async (values, ending, lastEnded, at) => {
          const lines = values.map((v) => JSON.stringify(v));
          const body = lines.join(ending) + (lastEnded && lines.length ? ending : '');
          const { items, error } = await drain(ndjson(streamOf(cut(encoder.encode(body), at))));
          expect(error).toBeUndefined();
          expect(items).toEqual(values.map((v) => JSON.parse(JSON.stringify(v))));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('one byte at a time, with multi-byte characters', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { minLength: 1, maxLength: 10 }), fc.constantFrom('\n', '\r\n'), async (strings, ending) => {
        const bytes = encoder.encode(strings.map((s) => JSON.stringify({ s })).join(ending));
        const { items, error } = await drain(ndjson(streamOf(cut(bytes, Array.from({ length: bytes.byteLength }, (_, i) => i)))));
        expect(error).toBeUndefined();
        expect(items).toEqual(strings.map((s) => ({ s })));
      }),
      { numRuns: 200 },
    );
  });
});
