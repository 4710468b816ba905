/**
 * The DKIM check the console shows for a captured message: its DKIM-Signature verified against the
 * signing identity's key (Pinpost signed it, so the key is the identity's own; no DNS lookup), as a
 * receiver would verify it (RFC 6376 §6.1, through dkim-verify.ts).
 *   none     the message has no DKIM-Signature
 *   pass     the body hash and the signature both verify
 *   fail     either does not (the message changed after signing, or another key signed it)
 *   unknown  no identity of this account and region holds a key for the signature's d= and s=
 */
import { createPublicKey } from 'node:crypto';
import { verifyDkim } from '../dkim-verify.js';

export interface DkimCheck {
  result: 'none' | 'pass' | 'fail' | 'unknown';
  domain?: string;
  selector?: string;
  /** The header fields the signature covers (its h= tag). */
  signedHeaders?: string[];
  bodyHashMatches?: boolean;
  signatureValid?: boolean;
}

type DkimKey = { selector: string; privateKeyPem: string } | undefined;

/** An identity's DKIM signing key, by the d= domain (the SES control plane reads its store). */
export type DkimKeyLookup = (domain: string) => DkimKey | Promise<DkimKey>;

export async function checkDkim(raw: Buffer, keyFor: DkimKeyLookup): Promise<DkimCheck> {
  const field = /(?:^|\n)dkim-signature:([^\n]*(?:\r?\n[ \t][^\n]*)*)/i.exec(
    raw.toString('latin1', 0, 64 * 1024),
  );
  if (!field) return { result: 'none' };
  const tags: Record<string, string> = {};
  for (const part of field[1].split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) tags[part.slice(0, eq).trim()] = part.slice(eq + 1).replace(/\s+/g, '');
  }
  const base = { domain: tags.d, selector: tags.s, signedHeaders: (tags.h ?? '').split(':').filter(Boolean) };
  const key = tags.d ? await keyFor(tags.d.toLowerCase()) : undefined;
  if (!key || key.selector !== tags.s) return { result: 'unknown', ...base };
  try {
    const v = verifyDkim(raw, createPublicKey(key.privateKeyPem));
    return {
      result: v.bodyHashMatches && v.signatureValid ? 'pass' : 'fail',
      ...base,
      bodyHashMatches: v.bodyHashMatches,
      signatureValid: v.signatureValid,
    };
  } catch {
    return { result: 'fail', ...base };
  }
}
