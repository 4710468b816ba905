import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decodeQueryParams, formPairs } from './decode.js';

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
