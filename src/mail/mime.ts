/**
 * The MimePort: MessageContent → RFC 5322 bytes with nodemailer's MailComposer
 * (nodemailer.com/extras/mailcomposer/). Non-ASCII header text is RFC 2047-encoded by the composer,
 * text and html become multipart/alternative, attachments with a `cid` go beside the html in
 * multipart/related, Bcc never appears in the headers (the envelope carries it). Lines end in CRLF,
 * as RFC 5322 and SMTP require.
 */
import { Writable } from 'node:stream';
import type { MailComposerAttachment, MailComposerOptions } from 'nodemailer/lib/mail-composer';
import type MimeNode from 'nodemailer/lib/mime-node';
import type { MessageContent, MimePort } from '../services/ses/ports.js';
import { dkimSign } from './dkim.js';
import { messageIdHeader } from './message-id.js';

/** The composer's options for a message (mime.test.ts builds from them both ways). */
export function composerOptions(content: MessageContent): MailComposerOptions {
  const attachments: MailComposerAttachment[] = content.attachments.map((a) => ({
    filename: a.filename,
    content: a.content,
    contentType: a.contentType,
    cid: a.cid,
    contentDisposition: a.disposition ?? (a.cid ? 'inline' : 'attachment'),
  }));
  return {
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
  };
}

/**
 * MimeNode.build() reads the node through a PassThrough, a stream pipeline (with its abort
 * signal), a LastNewline and a LeWindows transform: half the cost of building a short message.
 * Here the node streams into a plain collector and the last two steps are done once on the
 * whole Buffer, byte for byte as those transforms do (mime.test.ts compares with build()).
 */
export function render(node: MimeNode): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return new Promise((resolve, reject) =>
    node.stream(sink, {}, (err) =>
      err ? reject(err) : resolve(windowsNewlines(withLastNewline(Buffer.concat(chunks)))),
    ),
  );
}

/** LastNewline: the message ends with a line break (a lone CR gets its LF). */
function withLastNewline(raw: Buffer): Buffer {
  const last = raw.length ? raw[raw.length - 1] : -1;
  if (last === 0x0a) return raw;
  return Buffer.concat([raw, Buffer.from(last === 0x0d ? '\n' : '\r\n')]);
}

/** LeWindows: every LF not preceded by CR becomes CRLF. */
function windowsNewlines(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = raw.indexOf(0x0a); i >= 0; i = raw.indexOf(0x0a, i + 1)) {
    if (i > 0 && raw[i - 1] === 0x0d) continue;
    parts.push(raw.subarray(from, i), CRLF);
    from = i + 1;
  }
  if (from === 0) return raw;
  parts.push(raw.subarray(from));
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n');

// nodemailer's composer loads on the first message built, not at start.
let composer: Promise<typeof import('nodemailer/lib/mail-composer')> | undefined;

export async function buildMime(content: MessageContent): Promise<Buffer> {
  const { default: MailComposer } = await (composer ??= import('nodemailer/lib/mail-composer'));
  return render(new MailComposer(composerOptions(content)).compile());
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
