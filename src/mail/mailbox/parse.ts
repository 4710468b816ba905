/**
 * Reading captured mail back with mailparser: the bodies and attachments are parsed when someone
 * reads the message. Capture reads only the header fields the mailbox lists and searches need
 * (headers.ts).
 */

// mailparser and its dependencies load on the first captured message, not at start.
let mailparser: Promise<typeof import('mailparser')> | undefined;
const loadParser = () => (mailparser ??= import('mailparser'));

export interface ParsedMessage {
  text?: string;
  html?: string;
  attachments: { filename?: string; contentType: string; size: number; cid?: string; disposition?: string }[];
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

/** The attachments with their content (for a download). */
export async function attachmentsOf(
  raw: Buffer,
): Promise<{ filename?: string; contentType: string; content: Buffer }[]> {
  const { simpleParser } = await loadParser();
  const parsed = await simpleParser(raw, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
  });
  return parsed.attachments.map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    content: a.content,
  }));
}
