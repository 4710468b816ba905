/** One CSV record as userguide/segments-importing.html writes them ("enclose the value in double quotes"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsvLine } from './csv.js';

test('plain, empty and quoted values; a doubled quote inside quotes is one quote', () => {
  assert.deepEqual(parseCsvLine('a,b,c'), ['a', 'b', 'c']);
  assert.deepEqual(parseCsvLine('a,,c,'), ['a', '', 'c', '']);
  assert.deepEqual(parseCsvLine('"aaa,bbb",x'), ['aaa,bbb', 'x']);
  assert.deepEqual(parseCsvLine('"say ""hi""",""'), ['say "hi"', '']);
  assert.deepEqual(parseCsvLine(''), ['']);
});

test('an unterminated quote or text after a closing quote is an error', () => {
  assert.throws(() => parseCsvLine('"open,x'), /unterminated/);
  assert.throws(() => parseCsvLine('"a"b,c'), /after a quoted value/);
});
