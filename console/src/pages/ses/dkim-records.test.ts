import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dkimRecords } from './dkim-records.js';

test('send-email-authentication-dkim-easy-setup-domain.html: <token>._domainkey.<domain> CNAME <token>.dkim.amazonses.com', () => {
  assert.deepEqual(dkimRecords('example.com', ['abc', 'def']), [
    { name: 'abc._domainkey.example.com', value: 'abc.dkim.amazonses.com' },
    { name: 'def._domainkey.example.com', value: 'def.dkim.amazonses.com' },
  ]);
  assert.deepEqual(dkimRecords('news@mail.example.org', ['t']), [
    { name: 't._domainkey.mail.example.org', value: 't.dkim.amazonses.com' },
  ]);
});
