/**
 * SES v1 SendBulkTemplatedEmail (API_SendBulkTemplatedEmail.html): one template, up to 50
 * destinations, each with its ReplacementTemplateData (over DefaultTemplateData) and tags; a Status
 * per destination.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { OutputOf } from '../../../wire/model/types/ses.js';
import { conditionKeysOf, resourcesOf } from './authz.js';
import { sendBulk, V1_STATUS } from './bulk.js';
import type { SendingContext } from './context.js';
import * as e from './errors.js';
import { check, obj, objects, str, strings, tagsOf } from './input.js';
import { prepare, type PreparedSend } from './prepare.js';
import { v1Parts } from './v1-send.js';

interface BulkInput {
  entries: PreparedSend[];
  auth: PreparedSend['auth'];
}

const merge = (base: string | undefined, over: string | undefined): string | undefined => {
  if (over === undefined) return base;
  try {
    return JSON.stringify({ ...(JSON.parse(base ?? '{}') as object), ...(JSON.parse(over) as object) });
  } catch {
    return over;
  }
};

export function sendBulkTemplatedEmailV1(d: SendingContext): OperationSpec {
  return defineOperation<BulkInput, OutputOf<'SendBulkTemplatedEmail'>>({
    name: 'SendBulkTemplatedEmail',
    action: 'ses:SendBulkTemplatedEmail',
    parse: async (raw, ctx) => {
      const destinations = objects(raw, 'Destinations');
      check('v1', [
        ['Source', str(raw, 'Source'), { required: true }],
        ['Template', str(raw, 'Template'), { required: true }],
        ['DefaultTemplateData', str(raw, 'DefaultTemplateData'), { required: true, max: 262144 }],
        ['Destinations', raw['Destinations'] === undefined ? undefined : destinations, { required: true }],
      ]);
      if (destinations.length === 0) throw e.noRecipients('v1');
      if (destinations.length > 50) throw e.tooManyRecipients('v1');
      const base = v1Parts(raw);
      const entries: PreparedSend[] = [];
      for (const dest of destinations) {
        const dd = obj(dest, 'Destination');
        const entry = await prepare(d, ctx, 'v1', 'SendBulkTemplatedEmail', {
          ...base,
          to: strings(dd, 'ToAddresses'),
          cc: strings(dd, 'CcAddresses'),
          bcc: strings(dd, 'BccAddresses'),
          tags: [...tagsOf(raw, 'DefaultTags'), ...tagsOf(dest, 'ReplacementTags')],
          content: {
            kind: 'templateRef',
            name: str(raw, 'Template')!,
            arn: str(raw, 'TemplateArn'),
            dataText: merge(str(raw, 'DefaultTemplateData'), str(dest, 'ReplacementTemplateData')),
            headers: [],
            attachments: [],
          },
        });
        entries.push(entry);
      }
      return { entries, auth: { ...entries[0].auth, recipients: entries.flatMap((x) => x.auth.recipients) } };
    },
    resources: (input) => resourcesOf(input.auth),
    conditionKeys: (input) => conditionKeysOf(input.auth),
    handler: async (input) => ({
      Status: (await sendBulk(d, input.entries)).map((r) => ({
        Status: V1_STATUS[r.status],
        Error: r.error,
        MessageId: r.messageId,
      })),
    }),
  });
}
