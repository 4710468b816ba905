/**
 * The MimePort: MessageContent → RFC 5322 bytes with nodemailer's MailComposer
 * (nodemailer.com/extras/mailcomposer/). Non-ASCII header text is RFC 2047-encoded by the composer,
 * text and html become multipart/alternative, attachments with a `cid` go beside the html in
 * multipart/related, Bcc never appears in the headers (the envelope carries it). Lines end in CRLF,
 * as RFC 5322 and SMTP require.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailComposerAttachment } from 'nodemailer/lib/mail-composer';
import type { MessageContent, MimePort } from '../services/ses/ports.js';
import { dkimSign } from './dkim.js';
import { messageIdHeader } from './message-id.js';

export function buildMime(content: MessageContent): Promise<Buffer> {
  const attachments: MailComposerAttachment[] = content.attachments.map((a) => ({
    filename: a.filename,
    content: a.content,
    contentType: a.contentType,
    cid: a.cid,
    contentDisposition: a.disposition ?? (a.cid ? 'inline' : 'attachment'),
  }));
  const composer = new MailComposer({
    newline: 'windows',
    from: content.from,
    to: content.to.length ? content.to : undefined,
    cc: content.cc.length ? content.cc : undefined,
    bcc: content.bcc.length ? content.bcc : undefined,
    replyTo: content.replyTo.length ? content.replyTo : undefined,
    subject: content.subject,
    text: content.text,
    html: content.html,
    headers: content.headers.map((h) => ({ key: h.name, value: h.value })),
    attachments,
    messageId: messageIdHeader(content.messageId),
    date: content.date,
  });
  return new Promise((resolve, reject) =>
    composer.compile().build((err, message) => (err ? reject(err) : resolve(message))),
  );
}

export function createMime(): MimePort {
  return {
    async build(content) {
      const raw = await buildMime(content);
      return content.dkim ? dkimSign(raw, content.dkim) : raw;
    },
    sign: dkimSign,
  };
}
