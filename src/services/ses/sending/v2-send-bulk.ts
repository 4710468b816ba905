/**
 * SES v2 SendBulkEmail (POST /v2/email/outbound-bulk-emails): one template (DefaultContent), one
 * send per BulkEmailEntry with its ReplacementTemplateData over the default data, per-entry
 * BulkEmailEntryResults. Authorized as ses:SendBulkEmail and ses:SendBulkTemplatedEmail (both are
 * needed: django-anymail's SES IAM notes), on the identity, configuration set and template.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { OutputOf } from '../../../wire/model/types/sesv2.js';
import { conditionKeysOf, resourcesOf } from './authz.js';
import { sendBulk } from './bulk.js';
import type { SendingContext } from './context.js';
import * as e from './errors.js';
import { check, headersOf, obj, objects, str, strings, tagsOf } from './input.js';
import { prepare, type PreparedSend } from './prepare.js';
import { templateContent } from './v2-send-email.js';

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

export function sendBulkEmailV2(d: SendingContext): OperationSpec {
  return defineOperation<BulkInput, OutputOf<'SendBulkEmail'>>({
    name: 'SendBulkEmail',
    action: 'ses:SendBulkEmail',
    http: { method: 'POST', path: '/v2/email/outbound-bulk-emails' },
    parse: async (raw, ctx) => {
      const defaults = obj(raw, 'DefaultContent');
      const rawEntries = objects(raw, 'BulkEmailEntries');
      check('v2', [
        ['DefaultContent', defaults, { required: true }],
        [
          'BulkEmailEntries',
          raw['BulkEmailEntries'] === undefined ? undefined : rawEntries,
          { required: true, min: 1 },
        ],
      ]);
      if (rawEntries.length > MAX_ENTRIES) throw e.tooManyRecipients('v2');
      const template = obj(defaults, 'Template');
      if (!template) throw e.badParameter('v2', 'DefaultContent must contain a Template.');
      const base = templateContent(template);
      const entries: PreparedSend[] = [];
      for (const entry of rawEntries) {
        const dest = obj(entry, 'Destination');
        const replacement = str(
          obj(obj(entry, 'ReplacementEmailContent'), 'ReplacementTemplate'),
          'ReplacementTemplateData',
        );
        const content =
          base.kind === 'templateRef'
            ? {
                ...base,
                dataText: mergeData(base.dataText, replacement),
                headers: [...base.headers, ...headersOf(entry, 'ReplacementHeaders')],
              }
            : base;
        const prepared = await prepare(d, ctx, 'v2', 'SendBulkEmail', {
          from: str(raw, 'FromEmailAddress'),
          identityArn: str(raw, 'FromEmailAddressIdentityArn'),
          to: strings(dest, 'ToAddresses'),
          cc: strings(dest, 'CcAddresses'),
          bcc: strings(dest, 'BccAddresses'),
          replyTo: strings(raw, 'ReplyToAddresses'),
          feedbackAddress: str(raw, 'FeedbackForwardingEmailAddress'),
          feedbackIdentityArn: str(raw, 'FeedbackForwardingEmailAddressIdentityArn'),
          configurationSetName: str(raw, 'ConfigurationSetName'),
          tags: [...tagsOf(raw, 'DefaultEmailTags'), ...tagsOf(entry, 'ReplacementTags')],
          content,
        });
        entries.push(prepared);
      }
      const auth = { ...entries[0].auth, recipients: entries.flatMap((x) => x.auth.recipients) };
      return { entries, auth };
    },
    resources: (input) => resourcesOf(input.auth),
    conditionKeys: (input) => conditionKeysOf(input.auth),
    additionalActions: () => ['ses:SendBulkTemplatedEmail'],
    handler: async (input) => ({
      BulkEmailEntryResults: (await sendBulk(d, input.entries)).map((r) => ({
        Status: r.status,
        Error: r.error,
        MessageId: r.messageId,
      })),
    }),
  });
}
