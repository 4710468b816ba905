import assert from 'node:assert/strict';
import { it } from 'node:test';
import { dkimTags, headerFields } from './headers.js';

it('reads header fields in order, unfolding continuation lines, up to the blank line', () => {
  const raw =
    'From: a@example.com\r\nDKIM-Signature: v=1; a=rsa-sha256; d=example.com;\r\n s=sel1; h=from:to;\r\n\tbh=abc=\r\nSubject: Hi\r\n\r\nBody: not a header\r\n';
  assert.deepEqual(headerFields(raw), [
    { name: 'From', value: 'a@example.com' },
    { name: 'DKIM-Signature', value: 'v=1; a=rsa-sha256; d=example.com; s=sel1; h=from:to; bh=abc=' },
    { name: 'Subject', value: 'Hi' },
  ]);
});

it('splits DKIM-Signature tags (values keep their = padding, lose folding space)', () => {
  assert.deepEqual(dkimTags('v=1; a=rsa-sha256; d=example.com; s=sel1; h=from:to; bh=ab c='), {
    v: '1',
    a: 'rsa-sha256',
    d: 'example.com',
    s: 'sel1',
    h: 'from:to',
    bh: 'abc=',
  });
});
