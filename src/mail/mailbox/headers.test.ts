/**
 * readHeaders must agree with mailparser (which reads bodies for the mailbox) on every header
 * shape capture sees: encoded words in names and subjects, folded lines, groups, several To
 * headers, LF-only messages, a message without a body.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simpleParser, type AddressObject } from 'mailparser';
import { createMime } from '../mime.js';
import { readHeaders } from './headers.js';

function flatten(field: AddressObject | AddressObject[] | undefined): { address: string; text: string }[] {
  const out: { address: string; text: string }[] = [];
  const visit = (entries: AddressObject['value']) => {
    for (const e of entries) {
      if (e.group) visit(e.group);
      else if (e.address)
        out.push({ address: e.address, text: e.name ? `${e.name} <${e.address}>` : e.address });
    }
  };
  for (const f of field === undefined ? [] : Array.isArray(field) ? field : [field]) visit(f.value);
  return out;
}

async function mailparserView(raw: Buffer) {
  const p = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true });
  const from = flatten(p.from)[0];
  return {
    fromAddress: from?.address ?? '',
    fromText: from?.text ?? '',
    subject: p.subject ?? '',
    to: flatten(p.to).map((a) => a.text),
    cc: flatten(p.cc).map((a) => a.text),
  };
}

const handWritten: Record<string, string> = {
  'folded subject and To over two headers':
    'From: "Sender, Team" <team@example.com>\r\nTo: a@example.org,\r\n\tB Person <b@example.org>\r\nTo: c@example.org\r\nSubject: a long\r\n subject line\r\n\r\nbody\r\n',
  'encoded words in name and subject':
    'From: =?UTF-8?B?w5xiZXIgU2VuZGVy?= <uber@example.com>\r\nTo: =?ISO-8859-1?Q?Andr=E9?= <andre@example.org>\r\nSubject: =?UTF-8?Q?Caf=C3=A9_ouvert?= today\r\n\r\nx\r\n',
  'a group and Cc':
    'From: x@example.com\nTo: Friends: a@example.org, b@example.org;\nCc: Boss <boss@example.org>\nSubject: LF only\n\nbody\n',
  'no body, no subject': 'From: only@example.com\r\nTo: t@example.org\r\n',
  'raw UTF-8 header (RFC 6532)':
    'From: Zoë <zoe@example.com>\r\nTo: t@example.org\r\nSubject: Grüße\r\n\r\nb\r\n',
};

for (const [name, text] of Object.entries(handWritten)) {
  test(`readHeaders agrees with mailparser: ${name}`, async () => {
    const raw = Buffer.from(text, 'utf8');
    assert.deepEqual(readHeaders(raw), await mailparserView(raw));
  });
}

test('readHeaders agrees with mailparser on what Pinpost composes (UTF-8 names and subject, Cc)', async () => {
  const raw = await createMime().build({
    from: '"Équipe Ventes" <sales@example.com>',
    to: ['Jürgen Müller <j@example.org>', 'plain@example.org'],
    cc: ['李雷 <li@example.org>'],
    bcc: ['hidden@example.org'],
    replyTo: [],
    subject: 'Ihre Bestellung – 注文 #42',
    text: 'hi',
    html: '<p>hi</p>',
    headers: [],
    attachments: [],
    messageId: '<m@email.amazonses.com>',
    date: new Date('2026-11-29T00:00:00Z'),
  });
  const got = readHeaders(raw);
  assert.deepEqual(got, await mailparserView(raw));
  assert.equal(got.subject, 'Ihre Bestellung – 注文 #42');
  assert.deepEqual(got.cc, ['李雷 <li@example.org>']);
});
