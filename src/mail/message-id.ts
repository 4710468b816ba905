/**
 * SES's message ids. Real SES mail carries ids such as
 * `01000189e5a16565-2f30b7f0-ba8f-4e85-afec-da06b267abd3-000000` and the header
 * `Message-ID: <that id@email.amazonses.com>` (us-east-1), or `0102…-000000@eu-west-1.amazonses.com`
 * (eu-west-1). Observed in real headers (e.g. a Venmo receipt of 2023-08-11 17:25:07 UTC and
 * linux-media@vger.kernel.org mail of 2024-09-10 09:08:02 UTC, found through public archives):
 * the first 16 hex digits are a 4-digit region prefix and the send time in epoch milliseconds
 * (0x0189e5a16565 = 2023-08-11T17:25:07.045Z), then a UUID v4, then `-000000`.
 * SES overrides any Message-ID a caller supplies (docs.aws.amazon.com/ses/latest/dg/header-fields.html).
 */
import { randomUUID } from 'node:crypto';

/** Region prefixes seen on real SES mail; other regions use us-east-1's (not observed, our choice). */
const REGION_PREFIX: Record<string, string> = { 'us-east-1': '0100', 'eu-west-1': '0102' };
const DEFAULT_PREFIX = '0100';

/** A new SES MessageId for a message accepted in `region` at `now`. */
export function newSesMessageId(region: string, now: Date = new Date()): string {
  const prefix = REGION_PREFIX[region] ?? DEFAULT_PREFIX;
  const millis = now.getTime().toString(16).padStart(12, '0').slice(-12);
  return `${prefix}${millis}-${randomUUID()}-000000`;
}

/**
 * The Message-ID header SES writes for a MessageId: us-east-1 mail uses `email.amazonses.com`,
 * other regions `<region>.amazonses.com`. The region is read back from the id's prefix when it
 * is one we know; an id that already contains `@` is used as is.
 */
export function messageIdHeader(messageId: string): string {
  const bare = messageId.replace(/^<|>$/g, '');
  if (bare.includes('@')) return `<${bare}>`;
  const region = Object.keys(REGION_PREFIX).find((r) => REGION_PREFIX[r] === bare.slice(0, 4));
  const domain = !region || region === 'us-east-1' ? 'email.amazonses.com' : `${region}.amazonses.com`;
  return `<${bare}@${domain}>`;
}
