import assert from 'node:assert/strict';
import { it } from 'node:test';
import { EMPTY_SEARCH, isSearching, listPath, mergeArrivals, type MessageSummary } from './search.js';

it('builds the listing path from the filled fields only, trimmed and encoded', () => {
  assert.equal(listPath(EMPTY_SEARCH), '/_pinpost/mailbox');
  assert.equal(
    listPath({ recipient: ' ada@example.org ', from: '', subject: 'a&b c', text: '' }, { limit: 50 }),
    '/_pinpost/mailbox?recipient=ada%40example.org&subject=a%26b+c&limit=50',
  );
  assert.equal(
    listPath({ ...EMPTY_SEARCH, text: 'fox' }, { limit: 10, next: 'tok' }),
    '/_pinpost/mailbox?text=fox&limit=10&next=tok',
  );
});

it('a search of blanks is no search', () => {
  assert.equal(isSearching({ ...EMPTY_SEARCH, subject: '  ' }), false);
  assert.equal(isSearching({ ...EMPTY_SEARCH, from: 'x' }), true);
});

it('puts arrivals on top, newest first, without duplicates, up to a maximum', () => {
  const m = (id: string) => ({ id }) as MessageSummary;
  const list = [m('c'), m('b')];
  assert.deepEqual(
    mergeArrivals(list, [m('d'), m('e'), m('c')], 10).map((x) => x.id),
    ['e', 'd', 'c', 'b'],
  );
  assert.deepEqual(
    mergeArrivals(list, [m('d')], 2).map((x) => x.id),
    ['d', 'c'],
  );
});
