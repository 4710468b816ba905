/**
 * Reading captured mail back with mailparser. Capture parses the header block only (what searches
 * and the mailbox lists need: From, To, Cc, Subject), which is a fraction of a full parse; the bodies
 * and attachments are parsed when someone reads the message.
 */
import type { AddressObject } from 'mailparser';

// mailparser and its dependencies load on the first captured message, not at start.
let mailparser: Promise<typeof import('mailparser')> | undefined;
const loadParser = () => (mailparser ??= import('mailparser'));

export interface ParsedHeaders {
  fromAddress: string;
  fromText: string;
  subject: string;
  to: string[];
  cc: string[];
}

export interface ParsedMessage {
  text?: string;
  html?: string;
  attachments: { filename?: string; contentType: string; size: number; cid?: string; disposition?: string }[];
}

/** The header block: everything up to the first empty line (CRLF or LF). */
function headerBlock(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf < 0 ? -1 : crlf + 4, lf < 0 ? -1 : lf + 2].filter((n) => n >= 0);
  return ends.length ? raw.subarray(0, Math.min(...ends)) : raw;
}

export async function parseHeaders(raw: Buffer): Promise<ParsedHeaders> {
  const { simpleParser } = await loadParser();
  const parsed = await simpleParser(headerBlock(raw), { skipHtmlToText: true, skipTextToHtml: true });
  const from = addresses(parsed.from)[0];
  return {
    fromAddress: from?.address ?? '',
    fromText: from?.text ?? '',
    subject: parsed.subject ?? '',
    to: addresses(parsed.to).map((a) => a.text),
    cc: addresses(parsed.cc).map((a) => a.text),
  };
}

export async function parseMessage(raw: Buffer): Promise<ParsedMessage> {
  const { simpleParser } = await loadParser();
  const parsed = await simpleParser(raw, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
  });
  // A single-part message ends with the line break the composer adds after the body; it is not
  // part of what the sender wrote (in multipart messages it belongs to the boundary instead).
  const type = parsed.headers.get('content-type') as { value?: string } | undefined;
  const single = !type?.value?.startsWith('multipart/');
  const trim = (s: string | undefined) => (single && s !== undefined ? s.replace(/\r?\n$/, '') : s);
  return {
    text: trim(parsed.text),
    html: trim(parsed.html === false ? undefined : parsed.html),
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      cid: a.cid,
      disposition: a.contentDisposition,
    })),
  };
}

/** Flattens mailparser's address objects (groups included) to `Name <a@b>` or `a@b`. */
function addresses(field: AddressObject | AddressObject[] | undefined): { address: string; text: string }[] {
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
