/**
 * Time-based one-time passwords as virtual MFA apps compute them: RFC 6238 over RFC 4226 with
 * HMAC-SHA-1, 30-second steps from the Unix epoch and 6 digits (the defaults of RFC 6238 §4 and
 * of the `otpauth://totp/` key URI AWS's QR codes carry), and the RFC 4648 base32 alphabet the
 * seed is written in (API_VirtualMFADevice.html: "The base32 seed defined as specified in RFC3548").
 */
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOTP_STEP_SECONDS = 30;
const DIGITS = 6;

/** Base32 without padding (RFC 4648 §6); a whole number of 5-byte groups needs none. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) throw new Error(`not base32: \`${ch}\``);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** The time step a moment falls in (RFC 6238 §4.2, T0 = 0). */
export const timeStep = (at: Date): number => Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);

/** HOTP (RFC 4226 §5.3) for a counter: dynamic truncation of HMAC-SHA-1, 6 digits with leading zeros. */
export function hotp(key: Uint8Array, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** DIGITS;
  return String(code).padStart(DIGITS, '0');
}

/**
 * The step at which `first` and `second` are two consecutive codes of the seed, searching the
 * steps from `drift` before to `drift` after `now`'s; undefined when they are not.
 */
export function consecutiveCodesStep(
  seedBase32: string,
  first: string,
  second: string,
  now: Date,
  drift: number,
): number | undefined {
  const key = base32Decode(seedBase32);
  const current = timeStep(now);
  for (let step = Math.max(0, current - drift); step <= current + drift; step++) {
    if (hotp(key, step) === first && hotp(key, step + 1) === second) return step;
  }
  return undefined;
}
