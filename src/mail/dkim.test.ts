/**
 * The synchronous signer against nodemailer's streaming one: RSA PKCS#1 v1.5 signatures are
 * deterministic, so the same key over the same message must give the same bytes, whatever the
 * line endings, folding, blank runs or empty lines at the end of the body.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import DKIM from 'nodemailer/lib/dkim';
import { dkimSign, dkimSignSync, type DkimKey } from './dkim.js';

const pem = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();
const key: DkimKey = { domain: 'example.com', selector: 'sel1', privateKeyPem: pem };

async function nodemailerSign(raw: Buffer, k: DkimKey): Promise<Buffer> {
  const signer = new DKIM({ domainName: k.domain, keySelector: k.selector, privateKey: k.privateKeyPem });
  const chunks: Buffer[] = [];
  for await (const chunk of signer.sign(raw)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const pieces = fc.constantFrom(
  'From: Zoë <a@example.com>',
  'To: b@example.org,\r\n\tc@example.org',
  'Subject:  Hello \t there ',
  'SUBJECT : again',
  'Message-ID: <x@y>',
  ' cont',
  '\tfolded',
  'Body line',
  'x',
  ' ',
  '  ',
  '\t',
  ':',
  '\r',
  '\n',
  '\r\n',
  '\r\n\r\n',
  '\n\n',
  'é',
  '日本',
);

test('the bytes equal nodemailer streaming DKIM signer for any message shape', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(pieces, { maxLength: 40 }), async (parts) => {
      const raw = Buffer.from(parts.join(''));
      assert.deepEqual(await dkimSign(raw, key), await nodemailerSign(raw, key));
    }),
    { numRuns: 300 },
  );
});

test('a typical message: headers, blank line, body with trailing blank lines', async () => {
  const raw = Buffer.from(
    'From: a@example.com\r\nTo: b@example.org\r\nSubject: Hi\r\nMessage-ID: <m@example.com>\r\n\r\nHello  \r\nthere\t\r\n\r\n\r\n',
  );
  const signed = await dkimSign(raw, key);
  assert.deepEqual(signed, await nodemailerSign(raw, key));
  assert.match(signed.toString(), /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example.com;/);
});

test('an unusable key leaves the message unsigned, as nodemailer does', async () => {
  const raw = Buffer.from('From: a@example.com\r\n\r\nbody\r\n');
  const bad = { ...key, privateKeyPem: 'not a key' };
  assert.deepEqual(await dkimSign(raw, bad), raw);
  assert.deepEqual(await nodemailerSign(raw, bad), raw);
});

test('signing on the signing thread and on the main thread give the same bytes', async () => {
  const raw = Buffer.from('From: a@example.com\r\nTo: b@example.org\r\nSubject: thread\r\n\r\nbody\r\n');
  const threaded = await Promise.all([dkimSign(raw, key), dkimSign(raw, key), dkimSign(raw, key)]);
  for (const t of threaded) assert.deepEqual(t, dkimSignSync(raw, key));
  assert.match(threaded[0].toString(), /^DKIM-Signature: v=1; a=rsa-sha256;/);
});

test('many signatures asked in one turn (posted in chunks) each come back for their own message', async () => {
  // 53: more than three chunks and a remainder the turn's own flush posts.
  const raws = Array.from({ length: 53 }, (_, i) =>
    Buffer.from(`From: a@example.com\r\nTo: r${i}@example.org\r\nSubject: n${i}\r\n\r\nbody ${i}\r\n`),
  );
  const signed = await Promise.all(raws.map((raw) => dkimSign(raw, key)));
  signed.forEach((s, i) => assert.deepEqual(s, dkimSignSync(raws[i]!, key), `message ${i}`));
  assert.equal(new Set(signed.map((s) => s.toString().split('b=').pop())).size, raws.length);
});
