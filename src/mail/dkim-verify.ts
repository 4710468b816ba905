/**
 * Verifies a DKIM-Signature (rsa-sha256, relaxed/relaxed: what nodemailer signs) against a public
 * key, following RFC 6376 §3.4.2 (relaxed header canonicalization), §3.4.4 (relaxed body) and §3.7
 * (the signed data: the listed headers, then the signature header with an empty b=). Used by the
 * tests to check signatures independently of the signer; no DNS lookup.
 */
import { createHash, createVerify, type KeyObject } from 'node:crypto';

export interface DkimVerdict {
  bodyHashMatches: boolean;
  signatureValid: boolean;
  tags: Record<string, string>;
}

function splitMessage(raw: string): { headers: string[]; body: string } {
  const end = raw.indexOf('\r\n\r\n');
  const head = end < 0 ? raw : raw.slice(0, end + 2);
  const body = end < 0 ? '' : raw.slice(end + 4);
  const headers: string[] = [];
  for (const line of head.split('\r\n')) {
    if (line === '') continue;
    if (/^[ \t]/.test(line) && headers.length) headers[headers.length - 1] += `\r\n${line}`;
    else headers.push(line);
  }
  return { headers, body };
}

function relaxedHeader(field: string): string {
  const colon = field.indexOf(':');
  const name = field.slice(0, colon).trim().toLowerCase();
  const value = field
    .slice(colon + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${name}:${value}`;
}

function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.length ? `${lines.join('\r\n')}\r\n` : '';
}

export function verifyDkim(message: Buffer, publicKey: KeyObject): DkimVerdict {
  const { headers, body } = splitMessage(message.toString('latin1'));
  const sigField = headers.find((h) => /^dkim-signature:/i.test(h));
  if (!sigField) throw new Error('no DKIM-Signature header');
  const tags: Record<string, string> = {};
  for (const part of relaxedHeader(sigField).slice('dkim-signature:'.length).split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) tags[part.slice(0, eq).trim()] = part.slice(eq + 1).replace(/\s+/g, '');
  }
  const bodyHash = createHash('sha256').update(relaxedBody(body), 'latin1').digest('base64');
  // Each listed name takes the last unused instance of that header (RFC 6376 §5.4.2).
  const pool = headers.filter((h) => h !== sigField);
  const signed: string[] = [];
  for (const name of (tags.h ?? '').split(':')) {
    const idx = pool
      .map((h) => h.slice(0, h.indexOf(':')).trim().toLowerCase())
      .lastIndexOf(name.toLowerCase());
    if (idx >= 0) signed.push(relaxedHeader(pool.splice(idx, 1)[0]));
  }
  const unsignedSig = relaxedHeader(sigField).replace(/(\bb=)[^;]*/, '$1');
  const data = `${signed.map((h) => `${h}\r\n`).join('')}${unsignedSig}`;
  const signatureValid = createVerify('RSA-SHA256')
    .update(data, 'latin1')
    .verify(publicKey, Buffer.from(tags.b ?? '', 'base64'));
  return { bodyHashMatches: bodyHash === tags.bh, signatureValid, tags };
}
