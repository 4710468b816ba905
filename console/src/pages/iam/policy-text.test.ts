import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDocument, pretty, serviceTrustPolicy, shownDocument } from './policy-text.js';

test('API_GetRolePolicy.html: URL-encoded documents are decoded and pretty-printed', () => {
  const doc = '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D';
  assert.equal(decodeDocument(doc), '{"Version":"2012-10-17","Statement":[]}');
  assert.equal(shownDocument(doc), '{\n  "Version": "2012-10-17",\n  "Statement": []\n}');
  // Not percent-encoded (a literal %): kept as it is.
  assert.equal(decodeDocument('{"a":"100%"}'), '{"a":"100%"}');
  assert.equal(decodeDocument(undefined), '');
  assert.equal(pretty('{not json'), '{not json');
});

test('the seed trust policy: pinpoint.amazonaws.com with aws:SourceAccount', () => {
  const p = JSON.parse(serviceTrustPolicy('pinpoint.amazonaws.com', '000000000000'));
  assert.deepEqual(p.Statement[0].Principal, { Service: 'pinpoint.amazonaws.com' });
  assert.deepEqual(p.Statement[0].Condition, { StringEquals: { 'aws:SourceAccount': '000000000000' } });
});
