import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHUNK_CHARS, chunked, jsonPieces } from './json-chunks.js';

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const c of it) out.push(c);
  return out;
}

test('jsonPieces writes what JSON.stringify writes, for every kind of value', () => {
  const value = {
    s: 'a "quoted"\nline\u0000 with é and 😀',
    n: 1.5,
    t: true,
    z: null,
    skipped: undefined,
    a: [1, 'two', undefined, { d: new Date('2026-01-02T03:04:05Z') }],
    nested: { empty: {}, list: [] },
  };
  assert.equal([...jsonPieces(value)].join(''), JSON.stringify(value));
});

test('a long string is escaped slice by slice, never splitting a surrogate pair', () => {
  // Emoji (surrogate pairs) straddle the slice boundaries; quotes and newlines need escapes.
  const long = '😀"\n'.repeat(CHUNK_CHARS);
  const pieces = [...jsonPieces({ RawData: long })];
  assert.equal(pieces.join(''), JSON.stringify({ RawData: long }));
  assert.ok(pieces.length > 4, 'written in several pieces');
  assert.ok(pieces.every((p) => p.length <= CHUNK_CHARS * 6 + 2));
  assert.ok(!pieces.join('').includes('\\ud83d'), 'no pair was split into escaped halves');
});

test('chunked gathers small pieces and bounds each chunk by the largest piece', async () => {
  const big = 'x'.repeat(3 * CHUNK_CHARS);
  const messages = Array.from({ length: 5 }, (_, i) => ({ Id: `m${i}`, RawData: big }));
  const chunks = await collect(chunked(jsonPieces({ messages })));
  assert.deepEqual(JSON.parse(chunks.join('')), { messages });
  // 15 × CHUNK_CHARS of text: many chunks, none holding more than about two slices.
  assert.ok(chunks.length >= 10);
  assert.ok(Math.max(...chunks.map((c) => c.length)) < 2 * CHUNK_CHARS + 100);
  // Small pieces are gathered rather than sent one by one.
  const small = await collect(chunked(jsonPieces(Array.from({ length: 1000 }, (_, i) => i))));
  assert.equal(small.length, 1);
});
