import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { it } from 'node:test';
import { dkimSignSync } from '../dkim.js';
import { checkDkim } from './dkim-check.js';

const pem = (k: ReturnType<typeof generateKeyPairSync>['privateKey']) =>
  k.export({ type: 'pkcs8', format: 'pem' }).toString();
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const { privateKey: other } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const key = { domain: 'example.com', selector: 'sel1', privateKeyPem: pem(privateKey) };
const raw = Buffer.from('From: a@example.com\r\nTo: b@example.org\r\nSubject: Hi\r\n\r\nHello\r\n');
const signed = dkimSignSync(raw, key);

it("passes a message signed with the identity's key, names d=, s= and the signed fields", async () => {
  const c = await checkDkim(signed, (d) => (d === 'example.com' ? key : undefined));
  assert.equal(c.result, 'pass');
  assert.equal(c.domain, 'example.com');
  assert.equal(c.selector, 'sel1');
  assert.ok(c.signedHeaders!.includes('subject'));
});

it('fails a changed body or another key; unknown without the key or with another selector; none unsigned', async () => {
  const changed = Buffer.from(signed.toString().replace('Hello', 'Hullo'));
  assert.deepEqual(
    [(await checkDkim(changed, () => key)).result, (await checkDkim(changed, () => key)).bodyHashMatches],
    ['fail', false],
  );
  assert.equal((await checkDkim(signed, () => ({ ...key, privateKeyPem: pem(other) }))).result, 'fail');
  assert.equal((await checkDkim(signed, () => undefined)).result, 'unknown');
  assert.equal((await checkDkim(signed, () => ({ ...key, selector: 'sel2' }))).result, 'unknown');
  assert.deepEqual(await checkDkim(raw, () => key), { result: 'none' });
});
