import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineError, linesOf } from './import-lines.js';

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.isBuffer(p) ? p : Buffer.from(p);
}

const all = async (it: AsyncIterable<[number, string]>) => {
  const out: [number, string][] = [];
  for await (const x of it) out.push(x);
  return out;
};

test('lines are numbered from 1, without BOM or \\r, blank lines skipped, across chunk boundaries', async () => {
  const snow = Buffer.from('é');
  const lines = await all(
    linesOf(chunks('\uFEFFId,Add', 'ress\r\n\r\n1,a', snow.subarray(0, 1), snow.subarray(1), '\n2,b'), 100),
  );
  assert.deepEqual(lines, [
    [1, 'Id,Address'],
    [3, '1,aé'],
    [4, '2,b'],
  ]);
});

test('a line longer than the limit fails the file without repeating it', async () => {
  await assert.rejects(all(linesOf(chunks('ok\n', 'x'.repeat(50), 'x'.repeat(60)), 100)), (e: Error) => {
    assert.ok(e instanceof LineError);
    assert.equal(e.message, 'Line 2 is longer than 100 characters');
    return true;
  });
  await assert.rejects(all(linesOf(chunks(`${'y'.repeat(101)}\nok\n`), 100)), LineError);
});
