/**
 * SES SMTP passwords derived from IAM secret access keys, by the algorithm of the SES developer
 * guide, "Obtaining Amazon SES SMTP credentials by converting existing AWS credentials"
 * (https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html#smtp-credentials-convert):
 *
 *   kDate     = HmacSha256("11111111", "AWS4" + key)
 *   kRegion   = HmacSha256(region, kDate)
 *   kService  = HmacSha256("ses", kRegion)
 *   kTerminal = HmacSha256("aws4_request", kService)
 *   kMessage  = HmacSha256("SendRawEmail", kTerminal)
 *   smtpPassword = Base64(Concatenate(0x04, kMessage))
 *
 * The region is part of the derivation, so a password works only in the region it was made for,
 * as on AWS ("The credentials … are unique to each AWS Region").
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The guide's constants: "The values of the following variables should always stay the same." */
const DATE = '11111111';
const SERVICE = 'ses';
const TERMINAL = 'aws4_request';
const MESSAGE = 'SendRawEmail';
const VERSION = 0x04;

const hmac = (key: Buffer | string, data: string): Buffer =>
  createHmac('sha256', key).update(data, 'utf8').digest();

/** The SES SMTP password of an IAM secret access key in a region (smtp-credentials.html). */
export function smtpPasswordFor(secretAccessKey: string, region: string): string {
  let signature = hmac(`AWS4${secretAccessKey}`, DATE);
  for (const part of [region, SERVICE, TERMINAL, MESSAGE]) signature = hmac(signature, part);
  return Buffer.concat([Buffer.from([VERSION]), signature]).toString('base64');
}

/**
 * Whether `password` is the SMTP password of `secretAccessKey` in `region`. Compares in constant
 * time (over equal-length digests) so the reply time tells an attacker nothing about the password.
 */
export function isSmtpPassword(password: string, secretAccessKey: string, region: string): boolean {
  const expected = createHmac('sha256', 'pinpost-smtp')
    .update(smtpPasswordFor(secretAccessKey, region))
    .digest();
  const given = createHmac('sha256', 'pinpost-smtp').update(password, 'utf8').digest();
  return timingSafeEqual(expected, given);
}
