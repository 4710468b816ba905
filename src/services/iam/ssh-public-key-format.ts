/**
 * SSH public keys as IAM takes them (API_UploadSSHPublicKey.html: "The public key must be encoded
 * in ssh-rsa format or PEM format. The minimum bit-length of the public key is 2048 bits"): an
 * OpenSSH line `ssh-rsa <base64 blob> [comment]`, or an RSA SubjectPublicKeyInfo in PEM. The
 * fingerprint is OpenSSH's MD5 one (`ssh-keygen -l -E md5`: MD5 of the decoded blob, hex bytes
 * joined by colons), which is what IAM shows. Both encodings of one key give one blob, hence one
 * fingerprint.
 */
import { createHash, createPublicKey } from 'node:crypto';

export const MINIMUM_RSA_BITS = 2048;

export type SshKeyProblem = 'unrecognized' | 'invalid';

export interface ParsedSshKey {
  /** `ssh-rsa <base64>`, without a comment. */
  openssh: string;
  fingerprint: string;
}

const OPENSSH = /^ssh-[a-z0-9-]+ +[A-Za-z0-9+/=]*( .*)?$/;
const PEM = /^-----BEGIN (RSA )?PUBLIC KEY-----[\s\S]+-----END (RSA )?PUBLIC KEY-----$/;

function sshString(data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, data]);
}

/** An mpint: big-endian, with a leading zero byte when the high bit is set. */
function mpint(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && (b[1] & 0x80) === 0) b = b.subarray(1);
  return sshString(b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

function readStrings(blob: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < blob.length) {
    if (at + 4 > blob.length) throw new Error('truncated');
    const len = blob.readUInt32BE(at);
    if (at + 4 + len > blob.length) throw new Error('truncated');
    out.push(blob.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return out;
}

const fingerprintOf = (blob: Buffer) =>
  createHash('md5')
    .update(blob)
    .digest('hex')
    .replace(/(..)(?!$)/g, '$1:');

const bitLength = (modulus: Buffer) => {
  let m = modulus;
  while (m.length > 0 && m[0] === 0) m = m.subarray(1);
  return m.length === 0 ? 0 : (m.length - 1) * 8 + (32 - Math.clz32(m[0]));
};

/** The key, or which of IAM's two refusals applies. */
export function parseSshPublicKey(body: string): ParsedSshKey | SshKeyProblem {
  const text = body.trim();
  let modulus: Buffer;
  let exponent: Buffer;
  if (OPENSSH.test(text)) {
    const [type, data] = text.split(/ +/);
    if (type !== 'ssh-rsa' || !data) return 'invalid';
    const blob = Buffer.from(data, 'base64');
    let fields: Buffer[];
    try {
      fields = readStrings(blob);
    } catch {
      return 'invalid';
    }
    if (fields.length !== 3 || fields[0].toString('latin1') !== 'ssh-rsa') return 'invalid';
    [, exponent, modulus] = fields as [Buffer, Buffer, Buffer];
  } else if (PEM.test(text)) {
    try {
      const key = createPublicKey({ key: text, format: 'pem' });
      if (key.asymmetricKeyType !== 'rsa') return 'invalid';
      const jwk = key.export({ format: 'jwk' });
      modulus = Buffer.from(jwk.n ?? '', 'base64url');
      exponent = Buffer.from(jwk.e ?? '', 'base64url');
    } catch {
      return 'invalid';
    }
  } else {
    return 'unrecognized';
  }
  if (bitLength(modulus) < MINIMUM_RSA_BITS) return 'invalid';
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(exponent), mpint(modulus)]);
  return { openssh: `ssh-rsa ${blob.toString('base64')}`, fingerprint: fingerprintOf(blob) };
}

/** GetSSHPublicKey with Encoding=PEM: the stored key as an RSA SubjectPublicKeyInfo. */
export function opensshToPem(openssh: string): string {
  const [, exponent, modulus] = readStrings(Buffer.from(openssh.split(' ')[1], 'base64')) as [
    Buffer,
    Buffer,
    Buffer,
  ];
  const strip = (b: Buffer) => (b.length > 1 && b[0] === 0 ? b.subarray(1) : b);
  const key = createPublicKey({
    key: { kty: 'RSA', n: strip(modulus).toString('base64url'), e: strip(exponent).toString('base64url') },
    format: 'jwk',
  });
  return key.export({ type: 'spki', format: 'pem' }).toString();
}
