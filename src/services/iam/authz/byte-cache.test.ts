import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteBoundedCache } from './byte-cache.js';

test('the bytes held never pass the budget, however many distinct large texts arrive', () => {
  const cache = new ByteBoundedCache<string>(1024 * 1024);
  for (let i = 0; i < 2400; i++) {
    const text = `${i}:${'x'.repeat(2000)}`;
    cache.set(text, text, 2 * text.length);
    assert.ok(cache.bytes <= 1024 * 1024, `after ${i + 1} entries: ${cache.bytes} bytes`);
  }
  // Over 8,000 bytes each (key and text, two bytes a character): only the latest ~130 stay.
  assert.ok(cache.size > 100 && cache.size <= (1024 * 1024) / 8000, `${cache.size} entries`);
});

test('least recently used goes first; an entry over a sixteenth of the budget is not kept', () => {
  const cache = new ByteBoundedCache<number>(1600);
  assert.equal(cache.set('a', 1, 0), true);
  assert.equal(cache.set('b', 2, 0), true);
  assert.equal(cache.set('big', 3, 100), false);
  assert.equal(cache.get('big'), undefined);
  const counted = new ByteBoundedCache<number>(1000, 2);
  counted.set('a', 1, 0);
  counted.set('b', 2, 0);
  counted.get('a');
  counted.set('c', 3, 0);
  assert.deepEqual([counted.get('a'), counted.get('b'), counted.get('c')], [1, undefined, 3]);
  counted.clear();
  assert.deepEqual([counted.size, counted.bytes], [0, 0]);
});
