/**
 * Real email verification (`verification: 'email'`): the new address identity stays PENDING, a
 * verification mail goes to it through the outbox, and following its link verifies it. The mail
 * is SES's: from "Amazon Web Services" <no-reply-aws@amazon.com>, subject "Amazon Web Services –
 * Email Address Verification Request in region <region name>", the body's wording as recipients
 * of SES's mail quote it (e.g. "If you are still concerned, please forward this notification to
 * aws-email-domain-verification@amazon.com …"; AWS does not publish the mail itself), with the
 * link pointing at Pinpost's `/_pinpost/ses/verify?token=…` instead of AWS's. The
 * link expires after 24 hours, as SES's does (API_GetIdentityVerificationAttributes.html).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { InternalRoute } from '../../../server/internal-routes.js';
import type { RawRequest, RawResponse } from '../../../wire/context.js';
import type { IdentityRecord, MessageContent, SesScope } from '../ports.js';
import { customVerificationRedirect } from './custom-verification.js';
import type { ControlDeps } from './deps.js';
import { identityKey, saveIdentity } from './identities.js';
import type { IdentityDoc } from './model.js';

export const VERIFY_PATH = '/_pinpost/ses/verify';
const LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

const REGION_NAMES: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'Europe (Ireland)',
  'eu-west-2': 'Europe (London)',
  'eu-west-3': 'Europe (Paris)',
  'eu-central-1': 'Europe (Frankfurt)',
  'eu-north-1': 'Europe (Stockholm)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-northeast-2': 'Asia Pacific (Seoul)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
  'ap-southeast-1': 'Asia Pacific (Singapore)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
  'ca-central-1': 'Canada (Central)',
  'sa-east-1': 'South America (São Paulo)',
};

export const regionName = (region: string) => REGION_NAMES[region] ?? region;

export function verificationLink(deps: ControlDeps, token: string): string {
  return `${deps.publicUrl().replace(/\/$/, '')}${VERIFY_PATH}?token=${encodeURIComponent(token)}`;
}

export function verificationMail(
  deps: ControlDeps,
  scope: SesScope,
  address: string,
  token: string,
): MessageContent {
  const region = regionName(scope.region);
  const text = [
    'Dear Amazon Web Services Customer,',
    '',
    `We have received a request to authorize this email address for use with Amazon SES and Amazon Pinpoint in region ${region}. If you requested this verification, please go to the following URL to confirm that you are authorized to use this email address:`,
    '',
    verificationLink(deps, token),
    '',
    'Your request will not be processed unless you confirm the address using this URL. This link expires 24 hours after your original verification request.',
    '',
    "If you did NOT request to verify this email address, do not click on the link. Please note that many times, the situation isn't a phishing attempt, but either a misunderstanding of how to use our service, or someone imprudently using your email address. If you are still concerned, please forward this notification to aws-email-domain-verification@amazon.com and let us know in the forward that you did not request the verification.",
    '',
    'To learn more about sending email from Amazon Web Services, please refer to the Amazon SES Developer Guide at http://docs.aws.amazon.com/ses/latest/DeveloperGuide/Welcome.html and Amazon Pinpoint Developer Guide at http://docs.aws.amazon.com/pinpoint/latest/userguide/welcome.html.',
    '',
    'Sincerely,',
    '',
    'The Amazon Web Services Team.',
  ].join('\n');
  return {
    from: '"Amazon Web Services" <no-reply-aws@amazon.com>',
    to: [address],
    cc: [],
    bcc: [],
    replyTo: [],
    subject: `Amazon Web Services – Email Address Verification Request in region ${region}`,
    text,
    headers: [],
    attachments: [],
    messageId: `${randomBytes(8).toString('hex')}-${randomUUID()}-000000`,
    date: deps.store.now(),
  };
}

/**
 * Stores a new identity; for one that awaits its link, also its token and the verification mail,
 * in one transaction, so the identity exists exactly when its mail is queued. `write` runs inside
 * that transaction first (it re-checks that the name is free).
 */
export async function storeNewIdentity(
  deps: ControlDeps,
  scope: SesScope,
  doc: IdentityDoc,
  write: () => Promise<void>,
): Promise<void> {
  if (doc.verificationStatus !== 'PENDING' || doc.type !== 'EMAIL_ADDRESS' || !deps.mail) {
    await deps.store.transaction(async () => {
      await write();
      await saveIdentity(deps, scope, doc);
    });
    return;
  }
  const mail = deps.mail;
  const token = randomBytes(24).toString('base64url');
  const content = verificationMail(deps, scope, doc.name, token);
  const raw = await mail.mime.build(content);
  await deps.store.transaction(async () => {
    await write();
    await saveIdentity(deps, scope, doc);
    await deps.store.deleteTokens(scope, identityKey(doc.name));
    await deps.store.addToken(scope, token, identityKey(doc.name));
    await mail.outbox.enqueue({
      messageId: content.messageId,
      scope,
      envelopeFrom: 'no-reply-aws@amazon.com',
      recipients: [doc.name],
      raw,
    });
  });
}

/** Marks the identity of a token verified; undefined for an unknown or expired token. */
export function verifyByToken(
  deps: ControlDeps,
  token: string,
): Promise<{ scope: SesScope; identity: string } | undefined> {
  return deps.store.transaction(async () => {
    const found = await deps.store.findToken(token);
    if (!found) return undefined;
    const stored = await deps.store.get<IdentityDoc>(found.scope, 'identity', found.identityKey);
    if (!stored) return undefined;
    if (deps.store.now().getTime() - found.created.getTime() > LINK_LIFETIME_MS) {
      await saveIdentity(deps, found.scope, { ...stored.doc, verificationStatus: 'FAILED' });
      await deps.store.deleteTokens(found.scope, found.identityKey);
      return undefined;
    }
    await saveIdentity(deps, found.scope, { ...stored.doc, verificationStatus: 'SUCCESS' });
    await deps.store.deleteTokens(found.scope, found.identityKey);
    return { scope: found.scope, identity: stored.doc.name };
  });
}

const page = (status: number, title: string, body: string): RawResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`,
});

/** `GET /_pinpost/ses/verify?token=…`: the page the verification link opens. */
export function verificationRoutes(deps: ControlDeps): InternalRoute[] {
  return [
    {
      prefix: VERIFY_PATH,
      // Opened from the verification mail by whoever holds the link, as SES's own link is.
      access: 'public',
      handler: async (request: RawRequest) => {
        const token = new URLSearchParams(request.rawQuery).get('token') ?? '';
        // A link SendCustomVerificationEmail sent redirects to its template's URLs.
        const custom = token
          ? await customVerificationRedirect(deps, token, () => verifyByToken(deps, token))
          : undefined;
        if (custom) return custom;
        const done = token ? await verifyByToken(deps, token) : undefined;
        if (!done) {
          return page(404, 'Verification failed', 'The verification link is invalid or has expired.');
        }
        // The wording of SES's confirmation page.
        return page(
          200,
          'Congratulations!',
          `You have successfully verified an email address. You can now start sending email from this address. (${done.identity}, ${regionName(done.scope.region)})`,
        );
      },
    },
  ];
}

export type { IdentityRecord };
