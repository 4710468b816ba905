/**
 * Custom verification email templates, one stored document for SES v1
 * (CreateCustomVerificationEmailTemplate… over awsQuery) and SES v2 (the same six over restJson1),
 * as on AWS (dg/creating-identities.html#send-email-verify-address-custom). The template's From
 * address must be a verified identity (or in a verified domain) when the template is created or
 * updated and when it is sent (FromEmailAddressNotVerified in the v1 model).
 *
 * SendCustomVerificationEmail adds the address as an identity awaiting verification and sends the
 * template's content from the template's From address through the outbox, with the verification
 * link and SES's fixed closing text appended ("If you did not request to verify this email
 * address, please disregard this message…", custom verification FAQ Q10). The link is Pinpost's
 * `/_pinpost/ses/verify?token=…` (verification.ts); following it verifies the address and
 * redirects to the template's SuccessRedirectionURL, or to its FailureRedirectionURL once the
 * link has expired.
 *
 * Messages: "Custom verification email template <NAME> already exists" / "… does not exist" and
 * "The from email address <ADDR> is not verified" are SES's as floci-io/floci#1840 recorded them
 * from AWS (boto3, us-east-1); SendCustomVerificationEmail's v1 "Template <NAME> does not exist"
 * and its unverified sender text likewise (floci-io/floci#2191).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { RawResponse } from '../../../wire/context.js';
import type { MessageContent, SesScope } from '../ports.js';
import type { ControlDeps } from './deps.js';
import { domainOf, getIdentity, identityKey, newIdentity, saveIdentity } from './identities.js';
import type { IdentityDoc, Tag } from './model.js';
import type { Stored } from './store.js';
import { verificationLink } from './verification.js';

/** "Custom verification email templates per account: 50" (dg/quotas.html). */
export const MAX_CUSTOM_VERIFICATION_TEMPLATES = 50;
/** "The total size of the email must be less than 10 MB" (API_CreateCustomVerificationEmailTemplate.html). */
export const MAX_CONTENT_BYTES = 10 * 1024 * 1024;

export interface CustomVerificationTemplateDoc {
  TemplateName: string;
  FromEmailAddress: string;
  TemplateSubject: string;
  TemplateContent: string;
  SuccessRedirectionURL: string;
  FailureRedirectionURL: string;
  tags: Tag[];
}

/** The redirect URLs of the latest custom verification link sent to an address (kind `cvlink`). */
interface LinkDoc {
  token: string;
  success: string;
  failure: string;
}

export type CustomVerificationFault =
  | { kind: 'missing' }
  | { kind: 'exists' }
  | { kind: 'limit' }
  | { kind: 'from-not-verified'; address: string }
  | { kind: 'too-large' }
  | { kind: 'bad-url'; which: 'success' | 'failure' };

export class CustomVerificationError extends Error {
  constructor(readonly fault: CustomVerificationFault) {
    super(fault.kind);
  }
}

export const missingText = (name: string) => `Custom verification email template <${name}> does not exist`;
export const existsText = (name: string) => `Custom verification email template <${name}> already exists`;
export const fromNotVerifiedText = (address: string) => `The from email address <${address}> is not verified`;
export const limitText = () =>
  `You have reached the maximum number of custom verification email templates (${MAX_CUSTOM_VERIFICATION_TEMPLATES}).`;
export const tooLargeText = () =>
  `The custom verification email template is larger than ${MAX_CONTENT_BYTES} bytes (10 MB).`;
export const badUrlText = (which: 'success' | 'failure') => `The ${which} redirection URL is invalid`;

export function findCustomTemplate(
  deps: ControlDeps,
  scope: SesScope,
  name: string,
): Promise<Stored<CustomVerificationTemplateDoc> | undefined> {
  return deps.store.get<CustomVerificationTemplateDoc>(scope, 'cvtemplate', name);
}

/** Whether an address may send: it or its domain is a verified identity. */
export async function senderVerified(deps: ControlDeps, scope: SesScope, address: string): Promise<boolean> {
  if ((await getIdentity(deps, scope, address))?.doc.verificationStatus === 'SUCCESS') return true;
  if (!address.includes('@')) return false;
  return (await getIdentity(deps, scope, domainOf(address)))?.doc.verificationStatus === 'SUCCESS';
}

const isHttpUrl = (s: string) => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

async function checkTemplate(deps: ControlDeps, scope: SesScope, doc: CustomVerificationTemplateDoc) {
  if (Buffer.byteLength(doc.TemplateSubject) + Buffer.byteLength(doc.TemplateContent) >= MAX_CONTENT_BYTES)
    throw new CustomVerificationError({ kind: 'too-large' });
  if (!isHttpUrl(doc.SuccessRedirectionURL))
    throw new CustomVerificationError({ kind: 'bad-url', which: 'success' });
  if (!isHttpUrl(doc.FailureRedirectionURL))
    throw new CustomVerificationError({ kind: 'bad-url', which: 'failure' });
  if (!(await senderVerified(deps, scope, doc.FromEmailAddress)))
    throw new CustomVerificationError({ kind: 'from-not-verified', address: doc.FromEmailAddress });
}

export async function createCustomTemplate(
  deps: ControlDeps,
  scope: SesScope,
  doc: CustomVerificationTemplateDoc,
): Promise<void> {
  await deps.store.transaction(async () => {
    if (await findCustomTemplate(deps, scope, doc.TemplateName))
      throw new CustomVerificationError({ kind: 'exists' });
    await checkTemplate(deps, scope, doc);
    if ((await deps.store.count(scope, 'cvtemplate')) >= MAX_CUSTOM_VERIFICATION_TEMPLATES)
      throw new CustomVerificationError({ kind: 'limit' });
    await deps.store.put(scope, 'cvtemplate', doc.TemplateName, doc);
  });
}

/** Replaces the members given (v1 makes all but the name optional); the tags stay. */
export function updateCustomTemplate(
  deps: ControlDeps,
  scope: SesScope,
  name: string,
  change: Partial<Omit<CustomVerificationTemplateDoc, 'TemplateName' | 'tags'>>,
): Promise<void> {
  return deps.store.transaction(async () => {
    const old = await findCustomTemplate(deps, scope, name);
    if (!old) throw new CustomVerificationError({ kind: 'missing' });
    const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
    const next = { ...old.doc, ...defined, TemplateName: name, tags: old.doc.tags };
    await checkTemplate(deps, scope, next);
    await deps.store.put(scope, 'cvtemplate', name, next);
  });
}

export async function deleteCustomTemplate(deps: ControlDeps, scope: SesScope, name: string): Promise<void> {
  if (!(await deps.store.delete(scope, 'cvtemplate', name)))
    throw new CustomVerificationError({ kind: 'missing' });
}

/** What a list entry shows of a template (CustomVerificationEmailTemplateMetadata / v1's CustomVerificationEmailTemplate). */
export function metadataOf(doc: CustomVerificationTemplateDoc) {
  return {
    TemplateName: doc.TemplateName,
    FromEmailAddress: doc.FromEmailAddress,
    TemplateSubject: doc.TemplateSubject,
    SuccessRedirectionURL: doc.SuccessRedirectionURL,
    FailureRedirectionURL: doc.FailureRedirectionURL,
  };
}

// ---- sending ------------------------------------------------------------------------------------

/** SES's closing text of every custom verification email (custom verification FAQ, Q10). */
export const CLOSING_TEXT =
  'If you did not request to verify this email address, please disregard this message. If you have any concerns, please forward this message to the following email address along with your questions or comments: aws-email-domain-verification@amazon.com';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function customVerificationMail(
  deps: ControlDeps,
  template: CustomVerificationTemplateDoc,
  address: string,
  token: string,
): MessageContent {
  const link = verificationLink(deps, token);
  const html = [
    template.TemplateContent,
    `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    `<p>${escapeHtml(CLOSING_TEXT)}</p>`,
  ].join('\n');
  return {
    from: template.FromEmailAddress,
    to: [address],
    cc: [],
    bcc: [],
    replyTo: [],
    subject: template.TemplateSubject,
    html,
    text: `${link}\n\n${CLOSING_TEXT}`,
    headers: [],
    attachments: [],
    messageId: `${randomBytes(8).toString('hex')}-${randomUUID()}-000000`,
    date: deps.store.now(),
  };
}

/**
 * Sends the custom verification email and starts verifying the address, in one transaction: the
 * identity (added PENDING when new, or set back to PENDING unless already verified), its one
 * token, the redirect URLs of that token and the queued mail. The caller has checked the template,
 * its sender and the configuration set. Returns the MessageId.
 */
export async function sendCustomVerification(
  deps: ControlDeps,
  scope: SesScope,
  template: CustomVerificationTemplateDoc,
  address: string,
  configurationSetName: string | undefined,
): Promise<string> {
  const mail = deps.mail;
  if (!mail) throw new Error('SES custom verification email needs the mail path (SesControlOptions.mail)');
  const token = randomBytes(24).toString('base64url');
  const content = customVerificationMail(deps, template, address, token);
  const raw = await mail.mime.build(content);
  const key = identityKey(address);
  await deps.store.transaction(async () => {
    const existing = (await getIdentity(deps, scope, address))?.doc;
    const doc: IdentityDoc = existing
      ? {
          ...existing,
          verificationStatus: existing.verificationStatus === 'SUCCESS' ? 'SUCCESS' : 'PENDING',
        }
      : { ...newIdentity(deps, { name: address, type: 'EMAIL_ADDRESS' }), verificationStatus: 'PENDING' };
    await saveIdentity(deps, scope, doc);
    await deps.store.deleteTokens(scope, key);
    await deps.store.addToken(scope, token, key);
    const link: LinkDoc = {
      token,
      success: template.SuccessRedirectionURL,
      failure: template.FailureRedirectionURL,
    };
    await deps.store.put(scope, 'cvlink', key, link);
    await mail.outbox.enqueue({
      messageId: content.messageId,
      scope,
      envelopeFrom: template.FromEmailAddress,
      recipients: [address],
      raw,
      configurationSetName,
    });
  });
  return content.messageId;
}

/**
 * For the verification route: when `token` was sent by SendCustomVerificationEmail, runs
 * `verify` and answers with a redirect to the template's success or failure URL; undefined for
 * any other token (the standard verification page answers).
 */
export async function customVerificationRedirect(
  deps: ControlDeps,
  token: string,
  verify: () => Promise<unknown>,
): Promise<RawResponse | undefined> {
  const found = await deps.store.findToken(token);
  if (!found) return undefined;
  const link = (await deps.store.get<LinkDoc>(found.scope, 'cvlink', found.identityKey))?.doc;
  if (!link || link.token !== token) return undefined;
  const done = await verify();
  await deps.store.delete(found.scope, 'cvlink', found.identityKey);
  return { status: 302, headers: { location: done ? link.success : link.failure }, body: '' };
}
