/**
 * Raw MIME as SendRawEmail and v2 Raw content take it: the header block is read for From, To, Cc,
 * Bcc and the X-SES-*-ARN headers (API_SendRawEmail.html), and SES's own Message-ID and Date replace
 * the caller's ("Amazon SES automatically applies its own Message-ID and Date headers"). The
 * X-SES-* headers are removed before sending, as SES does.
 */
export interface RawHeaders {
  /** Lower-cased name → unfolded values, in order. */
  get(name: string): string[];
}

function split(raw: Buffer): { head: string; body: Buffer } {
  const text = raw.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return { head: text, body: Buffer.alloc(0) };
  return { head: text.slice(0, m.index), body: raw.subarray(m.index + m[0].length) };
}

function headerLines(head: string): string[] {
  const lines: string[] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && lines.length > 0) lines[lines.length - 1] += ' ' + line.trim();
    else if (line !== '') lines.push(line);
  }
  return lines;
}

export function readHeaders(raw: Buffer): RawHeaders {
  const map = new Map<string, string[]>();
  for (const line of headerLines(split(raw).head)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    const value = Buffer.from(line.slice(i + 1).trim(), 'latin1').toString('utf8');
    map.set(name, [...(map.get(name) ?? []), value]);
  }
  return { get: (name) => map.get(name.toLowerCase()) ?? [] };
}

const REPLACED = new Set([
  'message-id',
  'date',
  'x-ses-source-arn',
  'x-ses-from-arn',
  'x-ses-return-path-arn',
]);

/** The message with SES's Message-ID and Date, without the caller's and without X-SES-*-ARN. */
export function stampRaw(raw: Buffer, messageIdHeader: string, date: Date): Buffer {
  const { head, body } = split(raw);
  const kept = headerLines(head).filter(
    (l) => !REPLACED.has(l.slice(0, l.indexOf(':')).trim().toLowerCase()),
  );
  const headText = [
    `Message-ID: ${messageIdHeader}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    ...kept,
  ].join('\r\n');
  return Buffer.concat([Buffer.from(headText + '\r\n\r\n', 'latin1'), body]);
}
