import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { simpleParser } from 'mailparser';
import type { MessageContent } from '../services/ses/ports.js';
import { verifyDkim } from './dkim-verify.js';
import { createMime } from './mime.js';

const mime = createMime();
const MESSAGE_ID = '01000189e5a16565-2f30b7f0-ba8f-4e85-afec-da06b267abd3-000000';

function content(over: Partial<MessageContent> = {}): MessageContent {
  return {
    from: 'Zoë Sender <sender@example.com>',
    to: ['Jürgen <to@example.org>', 'plain@example.org'],
    cc: ['cc@example.org'],
    bcc: ['hidden@example.org'],
    replyTo: ['replies@example.com'],
    subject: 'Grüße — 日本語の件名',
    text: 'Hallo Welt, ça va?',
    html: '<p>Hallo <b>Welt</b> <img src="cid:logo@pinpost"></p>',
    headers: [{ name: 'X-Campaign', value: 'spring-2026' }],
    attachments: [
      { filename: 'report.csv', content: Buffer.from('a,b\n1,2\n'), contentType: 'text/csv' },
      {
        filename: 'logo.png',
        content: Buffer.from([137, 80, 78, 71]),
        contentType: 'image/png',
        cid: 'logo@pinpost',
      },
    ],
    messageId: MESSAGE_ID,
    date: new Date('2026-03-01T10:00:00Z'),
    ...over,
  };
}

test('build: UTF-8 headers in RFC 2047 words, text+html alternatives, attachments, inline part, custom headers', async () => {
  const raw = await mime.build(content());
  const head = raw.toString('latin1').split('\r\n\r\n')[0];
  assert.match(head, /^Subject: =\?UTF-8\?[BQ]\?/m, 'the subject is an encoded word, not raw UTF-8');
  assert.ok(
    [...head].every((c) => c.charCodeAt(0) < 128),
    'headers are 7-bit',
  );
  assert.ok(raw.includes('\r\n'), 'CRLF line ends');

  const parsed = await simpleParser(raw);
  assert.equal(parsed.subject, 'Grüße — 日本語の件名');
  assert.deepEqual(parsed.from?.value, [{ address: 'sender@example.com', name: 'Zoë Sender' }]);
  const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
  assert.deepEqual(
    to?.value.map((a) => [a.name, a.address]),
    [
      ['Jürgen', 'to@example.org'],
      ['', 'plain@example.org'],
    ],
  );
  const replyTo = parsed.replyTo?.value.map((a) => a.address);
  assert.deepEqual(replyTo, ['replies@example.com']);
  assert.equal(parsed.bcc, undefined, 'Bcc travels in the envelope only');
  assert.equal(parsed.text?.trim(), 'Hallo Welt, ça va?');
  assert.match(String(parsed.html), /Hallo <b>Welt<\/b>/);
  assert.equal(parsed.headers.get('x-campaign'), 'spring-2026');
  assert.equal(parsed.messageId, `<${MESSAGE_ID}@email.amazonses.com>`);
  assert.equal(parsed.date?.toISOString(), '2026-03-01T10:00:00.000Z');

  const csv = parsed.attachments.find((a) => a.filename === 'report.csv');
  assert.equal(csv?.contentType, 'text/csv');
  assert.equal(csv?.contentDisposition, 'attachment');
  assert.equal(csv?.content.toString(), 'a,b\n1,2\n');
  const logo = parsed.attachments.find((a) => a.cid === 'logo@pinpost');
  assert.equal(logo?.contentDisposition, 'inline');
  assert.deepEqual([...(logo?.content ?? [])], [137, 80, 78, 71]);
  assert.match(raw.toString('latin1'), /multipart\/alternative/);
  assert.match(raw.toString('latin1'), /multipart\/related/);
});

test('build: a text-only message is a single text/plain part', async () => {
  const raw = await mime.build(content({ html: undefined, attachments: [], cc: [], bcc: [], replyTo: [] }));
  const parsed = await simpleParser(raw);
  assert.equal((parsed.headers.get('content-type') as { value: string }).value, 'text/plain');
  assert.equal(parsed.html, false);
});

test('DKIM: build signs when the identity signs, and the signature verifies over the canonical headers and body', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dkim = {
    domain: 'example.com',
    selector: 'pinpost2026',
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  const raw = await mime.build(content({ dkim }));
  assert.match(raw.toString('latin1'), /^DKIM-Signature: /);
  const verdict = verifyDkim(raw, publicKey);
  assert.equal(verdict.tags.d, 'example.com');
  assert.equal(verdict.tags.s, 'pinpost2026');
  assert.equal(verdict.tags.a, 'rsa-sha256');
  assert.ok(verdict.tags.h?.split(':').includes('from'), 'From is signed');
  assert.equal(verdict.bodyHashMatches, true);
  assert.equal(verdict.signatureValid, true);

  // A changed subject must break the signature, or the check proves nothing.
  const tampered = Buffer.from(
    raw.toString('latin1').replace(/^Subject: .*$/m, 'Subject: changed'),
    'latin1',
  );
  assert.equal(verifyDkim(tampered, publicKey).signatureValid, false);
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
  assert.equal(verifyDkim(raw, otherKey).signatureValid, false);
});

test('sign: DKIM-signs a raw message built elsewhere (SendRawEmail) and keeps its bytes after the header', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const raw = Buffer.from(
    'From: a@example.net\r\nTo: b@example.org\r\nSubject: raw\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n\r\nbody line  with  spaces \r\n\r\n',
  );
  const signed = await mime.sign(raw, {
    domain: 'example.net',
    selector: 's1',
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
  assert.ok(signed.subarray(signed.length - raw.length).equals(raw));
  const verdict = verifyDkim(signed, publicKey);
  assert.equal(verdict.tags.d, 'example.net');
  assert.equal(verdict.tags.s, 's1');
  assert.equal(verdict.bodyHashMatches, true);
  assert.equal(verdict.signatureValid, true);
});
