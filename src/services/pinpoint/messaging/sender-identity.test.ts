import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sendersOutsideIdentity } from './sender-identity.js';

const DOMAIN = 'arn:aws:ses:us-east-1:000000000000:identity/example.com';
const ADDRESS = 'arn:aws:ses:us-east-1:000000000000:identity/news@example.com';

test('a domain identity covers the addresses of that domain, not another domain or a subdomain', () => {
  assert.deepEqual(sendersOutsideIdentity(DOMAIN, 'news@example.com'), []);
  assert.deepEqual(sendersOutsideIdentity(DOMAIN, 'Offers <Offers@EXAMPLE.com>'), []);
  assert.deepEqual(sendersOutsideIdentity(DOMAIN, 'ceo@other.org'), ['ceo@other.org']);
  assert.deepEqual(sendersOutsideIdentity(DOMAIN, 'a@mail.example.com'), ['a@mail.example.com']);
  assert.deepEqual(sendersOutsideIdentity(DOMAIN, 'a@notexample.com'), ['a@notexample.com']);
});

test('an address identity covers that address only', () => {
  assert.deepEqual(sendersOutsideIdentity(ADDRESS, 'News <NEWS@example.com>'), []);
  assert.deepEqual(sendersOutsideIdentity(ADDRESS, 'other@example.com'), ['other@example.com']);
});

test("a raw message's From header decides, every address in it", () => {
  const raw = (from: string) =>
    Buffer.from(`From: ${from}\r\nTo: r@example.net\r\nSubject: s\r\n\r\nbody\r\n`);
  assert.deepEqual(sendersOutsideIdentity(DOMAIN, 'news@example.com', raw('news@example.com')), []);
  assert.deepEqual(sendersOutsideIdentity(DOMAIN, 'news@example.com', raw('"CEO" <ceo@other.org>')), [
    'ceo@other.org',
  ]);
  assert.deepEqual(sendersOutsideIdentity(DOMAIN, 'news@example.com', raw('a@example.com, b@other.org')), [
    'b@other.org',
  ]);
  // No From header: the FromAddress SES is given stands.
  assert.deepEqual(sendersOutsideIdentity(DOMAIN, 'ceo@other.org', Buffer.from('Subject: s\r\n\r\nbody')), [
    'ceo@other.org',
  ]);
});
