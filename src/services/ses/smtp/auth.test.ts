import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CredentialResolver } from '../../../wire/credentials.js';
import { rootPrincipal } from '../../../wire/principal.js';
import { authenticate, isLoopback } from './auth.js';
import { smtpPasswordFor } from './password.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const principal = {
  ...rootPrincipal('111122223333'),
  arn: 'arn:aws:iam::111122223333:user/smtp',
  isRoot: false,
};
const resolver: CredentialResolver = {
  resolve(id) {
    if (id === 'AKIAEXAMPLE') return { accessKeyId: id, secretAccessKey: SECRET, principal };
    if (id === 'ASIAEXAMPLE')
      return { accessKeyId: id, secretAccessKey: SECRET, sessionToken: 't', principal };
    return undefined;
  },
};
const LOCAL = { secure: false, remoteAddress: '127.0.0.1' };
const password = smtpPasswordFor(SECRET, 'us-east-1');

test('the access key id and its derived password authenticate as the key’s principal', async () => {
  assert.deepEqual(await authenticate({ username: 'AKIAEXAMPLE', password }, LOCAL, resolver, 'us-east-1'), {
    user: { accessKeyId: 'AKIAEXAMPLE', principal },
  });
});

test('unknown keys, wrong passwords, other regions and temporary keys get 535', async () => {
  const invalid = { reply: { code: 535, text: 'Authentication Credentials Invalid' } };
  const attempt = (username: string, pw: string, region = 'us-east-1') =>
    authenticate({ username, password: pw }, LOCAL, resolver, region);
  assert.deepEqual(await attempt('AKIAUNKNOWN', password), invalid);
  assert.deepEqual(await attempt('AKIAEXAMPLE', SECRET), invalid);
  assert.deepEqual(await attempt('AKIAEXAMPLE', password, 'eu-west-1'), invalid);
  assert.deepEqual(await attempt('ASIAEXAMPLE', password), invalid);
  assert.deepEqual(await attempt('', password), invalid);
});

test('clear-text AUTH is taken from loopback only; TLS sessions from anywhere', async () => {
  const remote = { secure: false, remoteAddress: '192.0.2.10' };
  assert.deepEqual(await authenticate({ username: 'AKIAEXAMPLE', password }, remote, resolver, 'us-east-1'), {
    reply: { code: 530, text: 'Must issue a STARTTLS command first' },
  });
  const tls = { secure: true, remoteAddress: '192.0.2.10' };
  assert.ok(
    'user' in (await authenticate({ username: 'AKIAEXAMPLE', password }, tls, resolver, 'us-east-1')),
  );
});

test('loopback addresses', () => {
  for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(a), true, a);
  for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '::2', '128.0.0.1', ''])
    assert.equal(isLoopback(a), false, a);
});
