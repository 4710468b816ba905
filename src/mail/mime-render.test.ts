/**
 * render() against nodemailer's own MimeNode.build(): the same composer options (boundary fixed)
 * must give the same bytes, whatever the line breaks (bare LF, lone CR, CR at the very end), the
 * characters, html, attachments, inline parts and custom headers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MessageContent } from '../services/ses/ports.js';
import { composerOptions, render } from './mime.js';

const text = fc
  .array(fc.constantFrom('Hello', ' ', '\n', '\r', '\r\n', '\n\n', 'é', '日本語', '.', '=', 'x'.repeat(90)), {
    maxLength: 12,
  })
  .map((parts) => parts.join(''));

const content: fc.Arbitrary<MessageContent> = fc.record({
  from: fc.constantFrom('a@example.com', 'Zoë <a@example.com>'),
  to: fc.constantFrom(['b@example.org'], ['Jürgen <b@example.org>', 'c@example.org'], []),
  cc: fc.constantFrom([], ['cc@example.org']),
  bcc: fc.constantFrom([], ['hidden@example.org']),
  replyTo: fc.constantFrom([], ['r@example.com']),
  subject: text,
  text: fc.option(text, { nil: undefined }),
  html: fc.option(
    text.map((t) => `<p>${t}</p>`),
    { nil: undefined },
  ),
  headers: fc.constantFrom([], [{ name: 'X-Campaign', value: 'spring\n2026' }]),
  attachments: fc.constantFrom(
    [],
    [{ filename: 'a.csv', content: Buffer.from('a,b\n1,2\r'), contentType: 'text/csv' }],
    [{ filename: 'l.png', content: Buffer.from([137, 80, 10, 13]), contentType: 'image/png', cid: 'l@p' }],
  ),
  messageId: fc.constant('0100-abc'),
  date: fc.constant(new Date('2026-03-01T10:00:00Z')),
});

test('render gives the bytes MimeNode.build() gives', async () => {
  await fc.assert(
    fc.asyncProperty(content, async (c) => {
      const options = { ...composerOptions(c), baseBoundary: 'fixed' };
      const expected = await new MailComposer(options).compile().build();
      assert.deepEqual(await render(new MailComposer(options).compile()), expected);
    }),
    { numRuns: 300 },
  );
});

test('a body whose last byte is a lone CR gets its LF, as LastNewline does', async () => {
  for (const t of ['abc\r', 'abc\r\r', '\r', 'a\rb\n']) {
    const c: MessageContent = {
      from: 'a@example.com',
      to: ['b@example.org'],
      cc: [],
      bcc: [],
      replyTo: [],
      subject: 's',
      text: t,
      headers: [],
      attachments: [],
      messageId: '0100-abc',
      date: new Date('2026-03-01T10:00:00Z'),
    };
    const options = composerOptions(c);
    assert.deepEqual(
      await render(new MailComposer(options).compile()),
      await new MailComposer(options).compile().build(),
    );
  }
});
