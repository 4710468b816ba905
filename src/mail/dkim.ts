/**
 * DKIM signing with nodemailer's signer (nodemailer.com/dkim/: `domainName` is the `d=` tag,
 * `keySelector` the `s=` tag, `privateKey` a PEM key). It signs relaxed/relaxed with rsa-sha256 and
 * prepends one DKIM-Signature header, as SES does for Easy DKIM and BYODKIM identities.
 */
import DKIM from 'nodemailer/lib/dkim';
import type { IdentityRecord } from '../services/ses/ports.js';

export type DkimKey = NonNullable<IdentityRecord['dkim']>;

export async function dkimSign(raw: Buffer, key: DkimKey): Promise<Buffer> {
  const signer = new DKIM({
    domainName: key.domain,
    keySelector: key.selector,
    privateKey: key.privateKeyPem,
  });
  const chunks: Buffer[] = [];
  for await (const chunk of signer.sign(raw)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
