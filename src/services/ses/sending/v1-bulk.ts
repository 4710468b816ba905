/**
 * SES v1 SendBulkTemplatedEmail (API_SendBulkTemplatedEmail.html): one template, up to 50
 * destinations, each with its ReplacementTemplateData (over DefaultTemplateData) and tags; a Status
 * per destination.
 */
import { onceKey, type RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/ses.js';
import { conditionKeysOf, resourcesOf } from './authz.js';
import { sendBulk, V1_STATUS } from './bulk.js';
import type { SendingContext } from './context.js';
import * as e from './errors.js';
import { prepare, type PreparedSend } from './prepare.js';
import { v1Parts } from './v1-send.js';

type Input = InputOf<'SendBulkTemplatedEmail'>;

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

async function prepareBulk(d: SendingContext, i: Input, ctx: RequestContext): Promise<BulkInput> {
  const destinations = i.Destinations ?? [];
  if (destinations.length === 0) throw e.noRecipients('v1');
  if (destinations.length > 50) throw e.tooManyRecipients('v1');
  const base = v1Parts(i);
  const entries: PreparedSend[] = [];
  for (const dest of destinations) {
    const entry = await prepare(d, ctx, 'v1', 'SendBulkTemplatedEmail', {
      ...base,
      to: dest.Destination?.ToAddresses ?? [],
      cc: dest.Destination?.CcAddresses ?? [],
      bcc: dest.Destination?.BccAddresses ?? [],
      tags: [...(i.DefaultTags ?? []), ...(dest.ReplacementTags ?? [])],
      content: {
        kind: 'templateRef',
        name: i.Template,
        arn: i.TemplateArn,
        dataText: merge(i.DefaultTemplateData, dest.ReplacementTemplateData),
        headers: [],
        attachments: [],
      },
    });
    entries.push(entry);
  }
  return { entries, auth: { ...entries[0].auth, recipients: entries.flatMap((x) => x.auth.recipients) } };
}

const PREPARED = onceKey<Promise<BulkInput>>('ses:SendBulkTemplatedEmail prepared sends');

export function sendBulkTemplatedEmailV1(d: SendingContext): OperationSpec {
  // Prepared once per request, read by every step after (RequestContext.once).
  const prepared = (i: Input, ctx: RequestContext) => ctx.once(PREPARED, () => prepareBulk(d, i, ctx));
  return defineOperation<Input, OutputOf<'SendBulkTemplatedEmail'>>({
    name: 'SendBulkTemplatedEmail',
    action: 'ses:SendBulkTemplatedEmail',
    // SES refuses a malformed sender or recipient list before it authorizes the send, once the
    // model accepts the request.
    check: async (i, ctx) => void (await prepared(i, ctx)),
    resources: async (i, ctx) => resourcesOf((await prepared(i, ctx)).auth),
    conditionKeys: async (i, ctx) => conditionKeysOf((await prepared(i, ctx)).auth),
    handler: async (i, ctx) => ({
      Status: (await sendBulk(d, (await prepared(i, ctx)).entries)).map((r) => ({
        Status: V1_STATUS[r.status],
        Error: r.error,
        MessageId: r.messageId,
      })),
    }),
  });
}
