/**
 * A self-signed TLS certificate made at start, so STARTTLS works with no files to provide and no
 * dependency beyond node:crypto. node:crypto makes keys and signs but does not build certificates,
 * so this file DER-encodes the few X.509 fields a TLS server needs (RFC 5280 §4.1): an EC P-256
 * key, CN and subjectAltName for the host, and a one-year validity.
 *
 * Why not smtp-server's built-in certificate: its private key is published in the package, so
 * anyone could read the traffic; a key made per start is secret to this process.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';

export interface TlsMaterial {
  /** PKCS#8 PEM. */
  key: string;
  /** X.509 PEM. */
  cert: string;
}

// ---- DER (X.690) ---------------------------------------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, ...items);
const set = (...items: Buffer[]): Buffer => tlv(0x31, ...items);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const groups: number[] = [];
    for (let v = n; ; v = Math.floor(v / 128)) {
      groups.unshift((v & 0x7f) | (groups.length ? 0x80 : 0));
      if (v < 128) break;
    }
    out.push(...groups);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime (YYMMDDHHMMSSZ), which RFC 5280 requires for dates before 2050. */
function utcTime(d: Date): Buffer {
  const text = d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

// ---- the certificate -------------------------------------------------------------------------------

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const COMMON_NAME = '2.5.4.3';
const SUBJECT_ALT_NAME = '2.5.29.17';

/** subjectAltName entries: dNSName [2] for names, iPAddress [7] for IPv4/IPv6 literals. */
function altNames(hosts: string[]): Buffer {
  const names = hosts.map((h) => {
    const family = isIP(h);
    if (family === 4) return tlv(0x87, Buffer.from(h.split('.').map(Number)));
    if (family === 6) return tlv(0x87, ipv6Bytes(h));
    return tlv(0x82, Buffer.from(h, 'ascii'));
  });
  return sequence(oid(SUBJECT_ALT_NAME), tlv(0x04, sequence(...names)));
}

function ipv6Bytes(text: string): Buffer {
  const [head, tail = ''] = text.split('::');
  const parts = (s: string) => (s ? s.split(':') : []);
  const h = parts(head);
  const t = parts(tail);
  const groups = text.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return Buffer.from(groups.flatMap((g: string) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}

/**
 * A fresh key and a self-signed certificate for `hosts` (the first is the CN), valid from a day
 * ago (clock skew) for a year. Real time, not the one clock (src/clock/): mail clients check the
 * validity against their own real clocks.
 */
export function selfSignedCertificate(hosts: string[], now = new Date()): TlsMaterial {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const name = sequence(set(sequence(oid(COMMON_NAME), tlv(0x0c, Buffer.from(hosts[0], 'utf8')))));
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01; // positive and minimally encoded
  const algorithm = sequence(oid(ECDSA_WITH_SHA256));
  const day = 24 * 3600 * 1000;
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // v3
    tlv(0x02, serial),
    algorithm,
    name,
    sequence(utcTime(new Date(now.getTime() - day)), utcTime(new Date(now.getTime() + 365 * day))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, sequence(altNames(hosts))),
  );
  // ECDSA signatures come DER-encoded (Ecdsa-Sig-Value), as X.509 wants them.
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, algorithm, tlv(0x03, Buffer.from([0]), signature));
  const body = der.toString('base64').replace(/.{64}/g, '$&\n');
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${body}${body.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`,
  };
}
