/**
 * SES v2 SendBulkEmail (POST /v2/email/outbound-bulk-emails): one template (DefaultContent), one
 * send per BulkEmailEntry with its ReplacementTemplateData over the default data, per-entry
 * BulkEmailEntryResults. Authorized as ses:SendBulkEmail and ses:SendBulkTemplatedEmail (both are
 * needed: django-anymail's SES IAM notes), on the identity, configuration set and template.
 */
import { onceKey, type RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';
import { memberPath, memberViolations } from '../../../wire/model/violations.js';
import { conditionKeysOf, resourcesOf } from './authz.js';
import { sendBulk } from './bulk.js';
import type { SendingContext } from './context.js';
import * as e from './errors.js';
import { prepare, type PreparedSend } from './prepare.js';
import { headerPairs } from './typed.js';
import { templateContent } from './v2-send-email.js';

type Input = InputOf<'SendBulkEmail'>;

/** quotas.html: "The maximum number of destinations in a single call to SendBulkEmail is 50". */
const MAX_ENTRIES = 50;

interface BulkInput {
  entries: PreparedSend[];
  auth: PreparedSend['auth'];
}

const mergeData = (base: string | undefined, over: string | undefined): string | undefined => {
  if (over === undefined) return base;
  try {
    return JSON.stringify({ ...(JSON.parse(base ?? '{}') as object), ...(JSON.parse(over) as object) });
  } catch {
    return over;
  }
};

async function prepareBulk(d: SendingContext, i: Input, ctx: RequestContext): Promise<BulkInput> {
  const rawEntries = i.BulkEmailEntries;
  if (rawEntries.length > MAX_ENTRIES) throw e.tooManyRecipients('v2');
  const template = i.DefaultContent?.Template;
  if (!template) throw e.badParameter('v2', 'DefaultContent must contain a Template.');
  const base = templateContent(template);
  const entries: PreparedSend[] = [];
  for (const entry of rawEntries) {
    const replacement = entry.ReplacementEmailContent?.ReplacementTemplate?.ReplacementTemplateData;
    const content =
      base.kind === 'templateRef'
        ? {
            ...base,
            dataText: mergeData(base.dataText, replacement),
            headers: [...base.headers, ...headerPairs(entry.ReplacementHeaders)],
          }
        : base;
    const prepared = await prepare(d, ctx, 'v2', 'SendBulkEmail', {
      from: i.FromEmailAddress,
      identityArn: i.FromEmailAddressIdentityArn,
      to: entry.Destination?.ToAddresses ?? [],
      cc: entry.Destination?.CcAddresses ?? [],
      bcc: entry.Destination?.BccAddresses ?? [],
      replyTo: i.ReplyToAddresses ?? [],
      feedbackAddress: i.FeedbackForwardingEmailAddress,
      feedbackIdentityArn: i.FeedbackForwardingEmailAddressIdentityArn,
      configurationSetName: i.ConfigurationSetName,
      tags: [...(i.DefaultEmailTags ?? []), ...(entry.ReplacementTags ?? [])],
      content,
    });
    entries.push(prepared);
  }
  const auth = { ...entries[0].auth, recipients: entries.flatMap((x) => x.auth.recipients) };
  return { entries, auth };
}

const PREPARED = onceKey<Promise<BulkInput>>('sesv2:SendBulkEmail prepared sends');

export function sendBulkEmailV2(d: SendingContext): OperationSpec {
  // Prepared once per request, read by every step after (RequestContext.once).
  const prepared = (i: Input, ctx: RequestContext) => ctx.once(PREPARED, () => prepareBulk(d, i, ctx));
  return defineOperation<Input, OutputOf<'SendBulkEmail'>>({
    name: 'SendBulkEmail',
    action: 'ses:SendBulkEmail',
    // SES refuses malformed content, a malformed sender or recipient list before it authorizes,
    // once the model accepts the request.
    check: async (i, ctx) => void (await prepared(i, ctx)),
    resources: async (i, ctx) => resourcesOf((await prepared(i, ctx)).auth),
    conditionKeys: async (i, ctx) => conditionKeysOf((await prepared(i, ctx)).auth),
    /**
     * A bulk send with no entry sends nothing. The model sets no minimum; the refusal keeps the
     * words of a length constraint, as Pinpost's reading of SendBulkEmail gave them before the model's.
     */
    violations: (i) => memberViolations(memberPath('BulkEmailEntries'), i.BulkEmailEntries, { minLength: 1 }),
    additionalActions: () => ['ses:SendBulkTemplatedEmail'],
    handler: async (i, ctx) => ({
      BulkEmailEntryResults: (await sendBulk(d, (await prepared(i, ctx)).entries)).map((r) => ({
        Status: r.status,
        Error: r.error,
        MessageId: r.messageId,
      })),
    }),
  });
}
