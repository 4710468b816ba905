/**
 * Open and click tracking inside a raw MIME message (SendRawEmail, the SMTP interface): SES tracks
 * the HTML of raw messages too (faqs-metrics.html: tracking works "regardless of how you send").
 * Each text/html part, at any depth of multipart/* nesting, is decoded (base64, quoted-printable or
 * 7bit/8bit; its charset), handed to `apply`, and written back with the same transfer encoding in
 * UTF-8. Everything else — other parts, headers, boundaries, preamble — is kept byte for byte, so
 * a message without HTML comes back unchanged. Runs before DKIM signing, as SES signs what it sends.
 */
import * as qp from 'libqp';

const CRLF = /\r?\n/;

interface Part {
  headerText: string;
  body: string;
}

/** Splits a part at its first empty line; both halves keep their own line breaks. */
function split(part: string): Part | undefined {
  const m = /\r?\n\r?\n/.exec(part);
  if (!m) return undefined;
  return { headerText: part.slice(0, m.index + m[0].length), body: part.slice(m.index + m[0].length) };
}

/** A header's unfolded value, or undefined. */
function header(headerText: string, name: string): string | undefined {
  const unfolded = headerText.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(CRLF)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name) return line.slice(colon + 1).trim();
  }
  return undefined;
}

function param(value: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2]) : undefined;
}

function decode(body: string, encoding: string, charset: string): string {
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? qp.decode(body)
        : Buffer.from(body, 'latin1');
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** The part's new body as latin1 text (one code unit a byte, like the message around it). */
function encode(html: string, encoding: string, eol: string): string {
  const bytes = Buffer.from(html, 'utf8');
  if (encoding === 'base64') return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join(eol);
  if (encoding === 'quoted-printable') return qp.wrap(qp.encode(bytes), 76).replace(/\r?\n/g, eol);
  return bytes.toString('latin1');
}

/** The header block with the Content-Type's charset set to utf-8 (the body is re-encoded so). */
function utf8Charset(headerText: string): string {
  return headerText.replace(/^(content-type:[^]*?)(?=\r?\n(?![ \t])|$)/im, (ct: string) =>
    /charset\s*=/i.test(ct)
      ? ct.replace(/charset\s*=\s*("[^"]*"|[^;\s]+)/i, 'charset=utf-8')
      : `${ct}; charset=utf-8`,
  );
}

function trackPart(part: string, apply: (html: string) => string, depth: number): string {
  const p = split(part);
  if (!p || depth > 20) return part;
  const type = header(p.headerText, 'content-type') ?? 'text/plain';
  const mediaType = type.split(';')[0].trim().toLowerCase();
  if (mediaType.startsWith('multipart/')) {
    const boundary = param(type, 'boundary');
    if (!boundary) return part;
    return p.headerText + trackMultipart(p.body, boundary, apply, depth + 1);
  }
  if (mediaType !== 'text/html') return part;
  const disposition = (header(p.headerText, 'content-disposition') ?? '').toLowerCase();
  if (disposition.startsWith('attachment')) return part;
  const encoding = (header(p.headerText, 'content-transfer-encoding') ?? '7bit').toLowerCase();
  const charset = param(type, 'charset') ?? 'us-ascii';
  const html = decode(p.body, encoding, charset);
  const tracked = apply(html);
  if (tracked === html) return part;
  const eol = /\r\n/.test(p.headerText) ? '\r\n' : '\n';
  return utf8Charset(p.headerText) + encode(tracked, encoding, eol);
}

function trackMultipart(
  body: string,
  boundary: string,
  apply: (html: string) => string,
  depth: number,
): string {
  const delimiter = `--${boundary}`;
  const pieces = body.split(delimiter);
  // pieces[0] is the preamble; each later piece starts after a delimiter line. The closing one
  // begins with `--` and is kept as it is, epilogue included.
  return pieces
    .map((piece, i) => {
      if (i === 0 || piece.startsWith('--')) return piece;
      const lineEnd = /^[ \t]*\r?\n/.exec(piece);
      if (!lineEnd) return piece;
      const head = lineEnd[0];
      const rest = piece.slice(head.length);
      // The part ends before the line break that precedes the next delimiter.
      const tail = /\r?\n$/.exec(rest)?.[0] ?? '';
      const content = rest.slice(0, rest.length - tail.length);
      return head + trackPart(content, apply, depth) + tail;
    })
    .join(delimiter);
}

/** The raw message with `apply` run over each HTML part; the same bytes when there is none. */
export function trackRawHtml(raw: Buffer, apply: (html: string) => string): Buffer {
  // latin1 maps each byte to one code unit and back: 8-bit bodies survive the round trip.
  const text = raw.toString('latin1');
  const out = trackPart(text, apply, 0);
  return out === text ? raw : Buffer.from(out, 'latin1');
}
