/**
 * Tracking inside raw MIME: every HTML part, however deep and however encoded, is tracked; the rest
 * of the message is kept byte for byte (checked by reading the result back with mailparser).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simpleParser } from 'mailparser';
import { trackRawHtml } from './raw-html.js';

const mark = (html: string) => html.replace('</body>', '<img src="https://t.example/o"></body>');
const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

test('a message without HTML comes back as the same bytes', () => {
  const raw = Buffer.from(crlf('From: a@example.com\nTo: b@example.org\nSubject: s\n\nplain text\n'));
  assert.equal(trackRawHtml(raw, mark), raw);
});

test('multipart/alternative: the quoted-printable UTF-8 HTML part is tracked, the text part kept', async () => {
  const raw = Buffer.from(
    crlf(`From: a@example.com
To: b@example.org
Subject: s
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

preamble
--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Gr=C3=BC=C3=9Fe
--b1
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

<html><body><p>Gr=C3=BC=C3=9Fe</p></body></html>
--b1--
epilogue
`),
  );
  const out = trackRawHtml(raw, mark);
  const parsed = await simpleParser(out);
  assert.equal(parsed.text?.trim(), 'Grüße');
  assert.equal(parsed.html, '<html><body><p>Grüße</p><img src="https://t.example/o"></body></html>');
  const text = out.toString('latin1');
  assert.ok(text.startsWith(raw.toString('latin1').slice(0, raw.indexOf('--b1\r\nContent-Type: text/html'))));
  assert.ok(text.endsWith('--b1--\r\nepilogue\r\n'));
});

test('nested multipart/mixed: a base64 HTML body is tracked, an attached HTML file is not', async () => {
  const body = Buffer.from('<html><body>Hello</body></html>').toString('base64');
  const file = Buffer.from('<html><body>file</body></html>').toString('base64');
  const raw = Buffer.from(
    crlf(`From: a@example.com
To: b@example.org
Subject: s
Content-Type: multipart/mixed; boundary=outer

--outer
Content-Type: multipart/alternative; boundary=inner

--inner
Content-Type: text/html
Content-Transfer-Encoding: base64

${body}
--inner--

--outer
Content-Type: text/html; name=report.html
Content-Disposition: attachment; filename=report.html
Content-Transfer-Encoding: base64

${file}
--outer--
`),
  );
  const parsed = await simpleParser(trackRawHtml(raw, mark));
  assert.equal(parsed.html, '<html><body>Hello<img src="https://t.example/o"></body></html>');
  assert.equal(parsed.attachments.length, 1);
  assert.equal(parsed.attachments[0].content.toString(), '<html><body>file</body></html>');
});

test('an 8-bit ISO-8859-1 HTML message is re-encoded in UTF-8 and says so', async () => {
  const head = crlf(
    'From: a@example.com\nTo: b@example.org\nSubject: s\nContent-Type: text/html; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n',
  );
  const raw = Buffer.concat([
    Buffer.from(head),
    Buffer.from('<html><body>caf\xe9</body></html>\r\n', 'latin1'),
  ]);
  const out = trackRawHtml(raw, mark);
  assert.match(out.toString('latin1'), /Content-Type: text\/html; charset=utf-8/);
  const parsed = await simpleParser(out);
  // The body's own final line break is kept.
  assert.equal(parsed.html, '<html><body>café<img src="https://t.example/o"></body></html>\n');
});
