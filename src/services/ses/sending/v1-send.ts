/**
 * SES v1 SendEmail, SendRawEmail and SendTemplatedEmail (APIReference/API_SendEmail.html,
 * API_SendRawEmail.html, API_SendTemplatedEmail.html), each authorized as its own action.
 * SendRawEmail takes Source and Destinations optionally (the headers supply them), and its
 * cross-account identities either as SourceArn/FromArn or as X-SES-SOURCE-ARN/X-SES-FROM-ARN headers:
 * SourceArn for the Source, FromArn for the From header (SourceArn's identity when not given).
 */
import { onceKey, type RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { Destination, InputOf, MessageTag, OutputOf } from '../../../wire/model/types/ses.js';
import { parseAddressList } from './addresses.js';
import { conditionKeysOf, resourcesOf } from './authz.js';
import type { SendingContext } from './context.js';
import * as e from './errors.js';
import { prepare, resolveContent, type PreparedSend, type SendParts } from './prepare.js';
import { readHeaders } from './raw-message.js';
import { bytesOf } from './typed.js';

/** The members v1 sends share (SendBulkTemplatedEmail has them but Destination and Tags). */
export interface V1Common {
  Source?: string;
  SourceArn?: string;
  Destination?: Destination;
  ReplyToAddresses?: string[];
  ReturnPath?: string;
  ReturnPathArn?: string;
  ConfigurationSetName?: string;
  Tags?: MessageTag[];
}

/** Source, Destination, ReplyTo, ReturnPath, SourceArn, Tags, ConfigurationSetName of v1 sends. */
export function v1Parts(i: V1Common): Omit<SendParts, 'content'> {
  return {
    from: i.Source,
    identityArn: i.SourceArn,
    to: i.Destination?.ToAddresses ?? [],
    cc: i.Destination?.CcAddresses ?? [],
    bcc: i.Destination?.BccAddresses ?? [],
    replyTo: i.ReplyToAddresses ?? [],
    feedbackAddress: i.ReturnPath,
    feedbackIdentityArn: i.ReturnPathArn,
    configurationSetName: i.ConfigurationSetName,
    tags: i.Tags ?? [],
  };
}

type SendName = 'SendEmail' | 'SendRawEmail' | 'SendTemplatedEmail';

interface SendReading<N extends SendName> {
  prepare(i: InputOf<N>, ctx: RequestContext): Promise<PreparedSend>;
}

function sendOperation<N extends SendName>(
  d: SendingContext,
  name: N,
  reading: SendReading<N>,
): OperationSpec {
  // Prepared once per request, read by every step after (RequestContext.once).
  const key = onceKey<Promise<PreparedSend>>(`ses:${name} prepared send`);
  const prepared = (i: InputOf<N>, ctx: RequestContext) => ctx.once(key, () => reading.prepare(i, ctx));
  return defineOperation<InputOf<N>, OutputOf<'SendEmail'>>({
    name,
    action: `ses:${name}`,
    // SES refuses a malformed sender or recipient list before it authorizes the send, once the
    // model accepts the request.
    check: async (i, ctx) => void (await prepared(i, ctx)),
    resources: async (i, ctx) => resourcesOf((await prepared(i, ctx)).auth),
    conditionKeys: async (i, ctx) => conditionKeysOf((await prepared(i, ctx)).auth),
    handler: async (i, ctx) => ({
      MessageId: await d.engine.send({
        ...(await resolveContent(d, (await prepared(i, ctx)).req)),
        onCommit: ctx.onCommit,
      }),
    }),
  });
}

export function sendEmailV1(d: SendingContext): OperationSpec {
  return sendOperation(d, 'SendEmail', {
    prepare: (i, ctx) =>
      prepare(d, ctx, 'v1', 'SendEmail', {
        ...v1Parts(i),
        content: {
          kind: 'simple',
          subject: i.Message.Subject.Data,
          text: i.Message.Body.Text?.Data,
          html: i.Message.Body.Html?.Data,
          headers: [],
          attachments: [],
        },
      }),
  });
}

const addressesOf = (values: string[]) => values.flatMap((v) => parseAddressList(v).map((a) => a?.raw ?? v));

export function sendRawEmailV1(d: SendingContext): OperationSpec {
  return sendOperation(d, 'SendRawEmail', {
    prepare: async (i, ctx) => {
      const data = bytesOf(i.RawMessage.Data);
      if (data.length === 0) throw e.badParameter('v1', 'Empty raw message.');
      const h = readHeaders(data);
      const destinations = i.Destinations ?? [];
      const parts = v1Parts(i);
      // The parameters win over the X-SES-*-ARN headers (API_SendRawEmail.html).
      const sourceArn = i.SourceArn ?? h.get('x-ses-source-arn')[0];
      const fromArn = i.FromArn ?? h.get('x-ses-from-arn')[0];
      const headerFrom = h.get('from')[0];
      return prepare(d, ctx, 'v1', 'SendRawEmail', {
        ...parts,
        // Without a Source, the From header is the sender, under FromArn (else SourceArn).
        from: parts.from ?? headerFrom,
        identityArn: parts.from === undefined ? (fromArn ?? sourceArn) : sourceArn,
        headerFrom: parts.from === undefined ? undefined : headerFrom,
        headerFromArn: fromArn,
        // Destinations replace the headers' recipients (they are the envelope); else To, Cc and Bcc.
        to: destinations.length ? destinations : addressesOf(h.get('to')),
        cc: destinations.length ? [] : addressesOf(h.get('cc')),
        bcc: destinations.length ? [] : addressesOf(h.get('bcc')),
        content: { kind: 'raw', data },
      });
    },
  });
}

export function sendTemplatedEmailV1(d: SendingContext): OperationSpec {
  return sendOperation(d, 'SendTemplatedEmail', {
    prepare: (i, ctx) =>
      prepare(d, ctx, 'v1', 'SendTemplatedEmail', {
        ...v1Parts(i),
        content: {
          kind: 'templateRef',
          name: i.Template,
          arn: i.TemplateArn,
          dataText: i.TemplateData,
          headers: [],
          attachments: [],
        },
      }),
  });
}
