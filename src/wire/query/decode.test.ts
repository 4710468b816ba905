import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decodeQueryParams, formPairs, QUERY_LIMITS } from './decode.js';

// Serialization rules: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
it('decodes member lists (in index order), entry maps, nested structures and empty lists', () => {
  const input = decodeQueryParams(
    formPairs(
      'Action=X&Tags.member.2.Key=b&Tags.member.1.Key=a&Tags.member.1.Value=1&PolicyInputList.member.1=%7B%7D' +
        '&Attributes.entry.1.key=k&Attributes.entry.1.value=v&Destination.ToAddresses.member.1=x%40y.com&Empty=',
    ),
  );
  assert.deepEqual(input, {
    Action: 'X',
    Tags: [{ Key: 'a', Value: '1' }, { Key: 'b' }],
    PolicyInputList: ['{}'],
    Attributes: { k: 'v' },
    Destination: { ToAddresses: ['x@y.com'] },
    Empty: '',
  });
});

it('keeps + and percent-escapes as form encoding defines them', () => {
  assert.deepEqual(decodeQueryParams(formPairs('A=a+b%2Bc')), { A: 'a b+c' });
});

it('reads pairs as URLSearchParams does: empty segments skipped, a key without = has an empty value', () => {
  assert.deepEqual(
    [...formPairs('a=1&&b&c=%E2%82%AC&d=%ZZ')],
    [
      ['a', '1'],
      ['b', ''],
      ['c', '€'],
      ['d', '%ZZ'],
    ],
  );
});

it('keeps the order members were sent in', () => {
  assert.deepEqual(Object.keys(decodeQueryParams(formPairs('B=1&A=2&C.X=3'))), ['B', 'A', 'C']);
});

// CommonErrors: InvalidQueryParameter, 400 ("The AWS query string is malformed or does not adhere
// to AWS standards."); the bounds are Pinpost's own (QUERY_LIMITS).
it('a key of 8 million dotted segments is InvalidQueryParameter, not a stack overflow', () => {
  const key = 'a.'.repeat(8_000_000) + 'a';
  assert.throws(() => decodeQueryParams(formPairs(`${key}=1`)), {
    code: 'InvalidQueryParameter',
    status: 400,
  });
});

it('refuses keys deeper or longer than the bounds, and more pairs than the bound, reading no further', () => {
  const deep = Array.from({ length: QUERY_LIMITS.maxDepth + 1 }, () => 'a').join('.');
  assert.throws(() => decodeQueryParams(formPairs(`${deep}=1`)), { code: 'InvalidQueryParameter' });
  const long = 'k'.repeat(QUERY_LIMITS.maxKeyLength + 1);
  assert.throws(() => decodeQueryParams(formPairs(`${long}=1`)), { code: 'InvalidQueryParameter' });
  let read = 0;
  const counted = (function* () {
    for (const p of formPairs('x=1&'.repeat(QUERY_LIMITS.maxPairs * 10))) {
      read++;
      yield p;
    }
  })();
  assert.throws(() => decodeQueryParams(counted), { code: 'InvalidQueryParameter' });
  assert.equal(read, QUERY_LIMITS.maxPairs);
});

it('decodes a deep list of structures without recursion limits mattering', () => {
  const key = 'A.member.1.B.member.2.C.entry.1';
  const input = decodeQueryParams(formPairs(`${key}.key=k&${key}.value=v`));
  assert.deepEqual(input, { A: [{ B: [{ C: { k: 'v' } }] }] });
});
