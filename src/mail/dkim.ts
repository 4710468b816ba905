/**
 * DKIM signing as nodemailer signs (nodemailer.com/dkim/: `domainName` is the `d=` tag,
 * `keySelector` the `s=` tag): relaxed/relaxed, rsa-sha256, one DKIM-Signature header prepended,
 * as SES does for Easy DKIM and BYODKIM identities.
 *
 * nodemailer's DKIM class streams the message through two Transforms and several setImmediate
 * hops, built for messages too large to hold; ours are always whole Buffers already, and on the
 * send path that plumbing cost more than the signature. So the message is split and the relaxed
 * body hash computed here in one synchronous pass (the same rules as nodemailer's MessageParser
 * and RelaxedBody), and nodemailer's own `sign` still canonicalizes the headers and writes the
 * DKIM-Signature field. dkim.test.ts checks the bytes equal nodemailer's streaming signer's.
 */
import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import dkimField from 'nodemailer/lib/dkim/sign';
import type { IdentityRecord } from '../services/ses/ports.js';
import { signOnThread } from './dkim-thread.js';

export type DkimKey = NonNullable<IdentityRecord['dkim']>;

/**
 * Parsed keys by PEM text. Sign.sign() re-parses a PEM string on every call, about three quarters
 * of the cost of an RSA-2048 signature; it takes a KeyObject as well. Keyed by the PEM itself, so a
 * rotated or replaced key is simply another entry; bounded because identities come and go.
 */
const keys = new Map<string, KeyObject | string>();
const MAX_KEYS = 1024;

/** The parsed key; the PEM text unchanged when node:crypto cannot parse it (the signer then
 * leaves the message unsigned, as nodemailer always did for an unusable key). */
export function signingKey(pem: string): KeyObject | string {
  let key = keys.get(pem);
  if (key === undefined) {
    try {
      key = createPrivateKey(pem);
    } catch {
      key = pem;
    }
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value!);
    keys.set(pem, key);
  }
  return key;
}

/** Where the header block ends: after the first empty line (LF LF or LF CR LF), as MessageParser. */
function headerEnd(raw: Buffer): number {
  for (let i = raw.indexOf(0x0a); i >= 0; i = raw.indexOf(0x0a, i + 1)) {
    if (i >= 1 && raw[i - 1] === 0x0a) return i + 1;
    if (i >= 2 && raw[i - 1] === 0x0d && raw[i - 2] === 0x0a) return i + 1;
  }
  return raw.length;
}

/** MessageParser.parseHeaders: unfolded lines, one byte per character, with lower-cased names. */
function headerLines(head: Buffer): { key: string; line: string }[] {
  const lines: string[] = [];
  for (const line of head.toString('binary').split(/\r?\n/)) {
    if (lines.length && /^[ \t]/.test(line)) lines[lines.length - 1] += '\n' + line;
    else lines.push(line);
  }
  return lines
    .filter((line) => /[^ \t\r]/.test(line))
    .map((line) => ({
      key: trimBlanks(line.slice(0, Math.max(0, line.indexOf(':')))).toLowerCase(),
      line,
    }));
}

/** SP and HTAB off both ends, by index: a regex would be quadratic on a long blank run. */
function trimBlanks(s: string): string {
  let start = 0;
  let end = s.length;
  const blank = (i: number) => s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09;
  while (start < end && blank(start)) start++;
  while (end > start && blank(end - 1)) end--;
  return s.slice(start, end);
}

/**
 * The relaxed body hash (RFC 6376 §3.4.4, as RelaxedBody computes it): whitespace at line ends
 * dropped, runs of SP/HTAB made one SP, every line ended with CRLF (a bare LF counts as a line end,
 * a CR not followed by LF is content), empty lines at the end ignored, and a final CRLF added to a
 * body whose last line has content.
 */
function relaxedBodyHash(body: Buffer): string {
  const out = Buffer.allocUnsafe(body.length * 2 + 2);
  let n = 0;
  let content = false;
  let wsp = false;
  let cr = false;
  let emptyLines = 0;
  const emit = (c: number) => {
    if (!content) {
      for (; emptyLines > 0; emptyLines--) {
        out[n++] = 0x0d;
        out[n++] = 0x0a;
      }
      content = true;
    }
    if (wsp) out[n++] = 0x20;
    wsp = false;
    out[n++] = c;
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === 0x0a) {
      if (content) {
        out[n++] = 0x0d;
        out[n++] = 0x0a;
        content = false;
      } else emptyLines++;
      wsp = cr = false;
      continue;
    }
    if (cr) emit(0x0d);
    cr = c === 0x0d;
    if (c === 0x20 || c === 0x09) wsp = true;
    else if (!cr) emit(c);
  }
  if (cr) emit(0x0d);
  const hash = createHash('sha256').update(out.subarray(0, n));
  if (content) hash.update('\r\n');
  return hash.digest('base64');
}

/** `raw` with a DKIM-Signature header in front; unchanged when the key cannot sign. */
export function dkimSignSync(raw: Buffer, key: DkimKey): Buffer {
  const end = headerEnd(raw);
  const field = dkimField(headerLines(raw.subarray(0, end)), 'sha256', relaxedBodyHash(raw.subarray(end)), {
    domainName: key.domain,
    keySelector: key.selector,
    // The typings list PEM forms only; the value goes straight to Sign.sign(), which takes a KeyObject.
    privateKey: signingKey(key.privateKeyPem) as string,
  });
  return withField(raw, field);
}

const withField = (raw: Buffer, field: string | false) =>
  field ? Buffer.concat([Buffer.from(`${field}\r\n`), raw]) : raw;

/**
 * As dkimSignSync, with the RSA signature computed on the signing thread (dkim-thread.ts) while this
 * thread goes on; on this thread when that one is not available.
 */
export async function dkimSign(raw: Buffer, key: DkimKey): Promise<Buffer> {
  const end = headerEnd(raw);
  const pending = signOnThread({
    headers: headerLines(raw.subarray(0, end)),
    bodyHash: relaxedBodyHash(raw.subarray(end)),
    domainName: key.domain,
    keySelector: key.selector,
    privateKeyPem: key.privateKeyPem,
  });
  if (!pending) return dkimSignSync(raw, key);
  try {
    return withField(raw, await pending);
  } catch {
    return dkimSignSync(raw, key);
  }
}
