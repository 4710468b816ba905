import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postgresDialect, sqliteDialect } from './dialect.js';
import { DEFAULT_MAX_ITEMS, decodeMarker, paginate } from './pagination.js';

const names = Array.from({ length: 7 }, (_, i) => `n${i}`);

test('pages follow each other through the marker until IsTruncated is false', () => {
  const seen: string[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = paginate(names, { marker, maxItems: 3 }, (x) => x);
    seen.push(...page.items);
    marker = page.marker;
    pages++;
    assert.equal(page.isTruncated, marker !== undefined);
  } while (marker);
  assert.deepEqual(seen, names);
  assert.equal(pages, 3);
});

test('MaxItems defaults to 100 as IAM documents (API_ListRoles.html)', () => {
  const many = Array.from({ length: 150 }, (_, i) => String(i).padStart(3, '0'));
  const page = paginate(many, {}, (x) => x);
  assert.equal(page.items.length, DEFAULT_MAX_ITEMS);
  assert.equal(page.isTruncated, true);
  assert.equal(decodeMarker(page.marker), '099');
});

test('an exact fit is not truncated and has no marker', () => {
  const page = paginate(names, { maxItems: 7 }, (x) => x);
  assert.equal(page.isTruncated, false);
  assert.equal(page.marker, undefined);
});

test('the PostgreSQL dialect numbers placeholders; SQLite keeps them', () => {
  const sql = 'SELECT * FROM t WHERE a = ? AND b = ?';
  assert.equal(postgresDialect.placeholders(sql), 'SELECT * FROM t WHERE a = $1 AND b = $2');
  assert.equal(sqliteDialect.placeholders(sql), sql);
});
