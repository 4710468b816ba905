/**
 * DKIM keys. Easy DKIM: SES makes a key pair per domain and publishes three CNAME tokens
 * (`<token>._domainkey.<domain>` → `<token>.dkim.amazonses.com`); the selector is the token
 * (send-email-authentication-dkim-easy.html). BYODKIM: the caller gives a selector and a
 * base64-encoded RSA private key of 1024 or 2048 bits (API_DkimSigningAttributes.html). Either
 * way the private key is kept as PEM so mail delivery can sign with it.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { badRequest } from './errors.js';
import type { DkimState, Status } from './model.js';

type KeyLength = 'RSA_1024_BIT' | 'RSA_2048_BIT';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** 32 characters of lower-case base32, the shape of SES's DKIM tokens. */
export function dkimToken(): string {
  return [...randomBytes(32)].map((b) => BASE32[b % 32]).join('');
}

export function easyDkim(keyLength: KeyLength, status: Status, now: Date): DkimState {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: keyLength === 'RSA_1024_BIT' ? 1024 : 2048,
  });
  const tokens = [dkimToken(), dkimToken(), dkimToken()];
  return {
    signingEnabled: true,
    status,
    tokens,
    origin: 'AWS_SES',
    selector: tokens[0],
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    nextKeyLength: keyLength,
    currentKeyLength: keyLength,
    lastKeyGeneration: now.toISOString(),
  };
}

/** Parses a BYODKIM key (base64 DER, PKCS#1 or PKCS#8); refuses what is not a 1024/2048-bit RSA key. */
export function byoDkim(selector: string, keyBase64: string, status: Status): DkimState {
  const der = Buffer.from(keyBase64, 'base64');
  let key: KeyObject | undefined;
  for (const type of ['pkcs1', 'pkcs8'] as const) {
    try {
      key = createPrivateKey({ key: der, format: 'der', type });
      break;
    } catch {
      // try the other encoding
    }
  }
  const bits = key?.asymmetricKeyDetails?.modulusLength;
  if (!key || key.asymmetricKeyType !== 'rsa' || (bits !== 1024 && bits !== 2048)) {
    // Pinpost's wording: AWS's text for an unusable key has not been published.
    throw badRequest('The private key must be a 1024 or 2048-bit RSA key, encoded in base64.');
  }
  return {
    signingEnabled: true,
    status,
    tokens: [selector],
    origin: 'EXTERNAL',
    selector,
    privateKeyPem: key.export({ type: 'pkcs1', format: 'pem' }).toString(),
    nextKeyLength: bits === 1024 ? 'RSA_1024_BIT' : 'RSA_2048_BIT',
    currentKeyLength: bits === 1024 ? 'RSA_1024_BIT' : 'RSA_2048_BIT',
  };
}

/** An email address identity has no DKIM of its own (its domain signs): as GetEmailIdentity shows it. */
export function noDkim(): DkimState {
  return {
    signingEnabled: false,
    status: 'NOT_STARTED',
    tokens: [],
    origin: 'AWS_SES',
    nextKeyLength: 'RSA_1024_BIT',
  };
}

/** A 44-character base64 token, the shape of v1 VerifyDomainIdentity's VerificationToken. */
export function verificationToken(): string {
  return randomBytes(32).toString('base64');
}
