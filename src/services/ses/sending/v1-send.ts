/**
 * SES v1 SendEmail, SendRawEmail and SendTemplatedEmail (APIReference/API_SendEmail.html,
 * API_SendRawEmail.html, API_SendTemplatedEmail.html), each authorized as its own action.
 * SendRawEmail takes Source and Destinations optionally (the headers supply them), and its
 * cross-account identities either as SourceArn/FromArn or as X-SES-SOURCE-ARN/X-SES-FROM-ARN headers:
 * SourceArn for the Source, FromArn for the From header (SourceArn's identity when not given).
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { parseAddressList } from './addresses.js';
import { conditionKeysOf, resourcesOf } from './authz.js';
import type { SendingContext } from './context.js';
import * as e from './errors.js';
import { blob, check, obj, str, strings, tagsOf, type Raw } from './input.js';
import { prepare, resolveContent, type PreparedSend, type SendParts } from './prepare.js';
import { readHeaders } from './raw-message.js';
import type { OutputOf } from '../../../wire/model/types/ses.js';

const REQUIRED = { required: true } as const;

/** Source, Destination, ReplyTo, ReturnPath, SourceArn, Tags, ConfigurationSetName of v1 sends. */
export function v1Parts(raw: Raw): Omit<SendParts, 'content'> {
  const dest = obj(raw, 'Destination');
  return {
    from: str(raw, 'Source'),
    identityArn: str(raw, 'SourceArn'),
    to: strings(dest, 'ToAddresses'),
    cc: strings(dest, 'CcAddresses'),
    bcc: strings(dest, 'BccAddresses'),
    replyTo: strings(raw, 'ReplyToAddresses'),
    feedbackAddress: str(raw, 'ReturnPath'),
    feedbackIdentityArn: str(raw, 'ReturnPathArn'),
    configurationSetName: str(raw, 'ConfigurationSetName'),
    tags: tagsOf(raw, 'Tags'),
  };
}

function sendOperation(
  d: SendingContext,
  name: 'SendEmail' | 'SendRawEmail' | 'SendTemplatedEmail',
  parse: (raw: Raw, ctx: Parameters<NonNullable<OperationSpec['parse']>>[1]) => Promise<PreparedSend>,
): OperationSpec {
  return defineOperation<PreparedSend, OutputOf<typeof name>>({
    name,
    action: `ses:${name}`,
    parse,
    resources: (input) => resourcesOf(input.auth),
    conditionKeys: (input) => conditionKeysOf(input.auth),
    handler: async (input, ctx) => ({
      MessageId: await d.engine.send({ ...(await resolveContent(d, input.req)), onCommit: ctx.onCommit }),
    }),
  });
}

export function sendEmailV1(d: SendingContext): OperationSpec {
  return sendOperation(d, 'SendEmail', async (raw, ctx) => {
    const message = obj(raw, 'Message');
    check('v1', [
      ['Source', str(raw, 'Source'), REQUIRED],
      ['Destination', obj(raw, 'Destination'), REQUIRED],
      ['Message', message, REQUIRED],
    ]);
    const body = obj(message, 'Body');
    check('v1', [
      ['Message.Subject', obj(message, 'Subject'), REQUIRED],
      ['Message.Body', body, REQUIRED],
    ]);
    return prepare(d, ctx, 'v1', 'SendEmail', {
      ...v1Parts(raw),
      content: {
        kind: 'simple',
        subject: str(obj(message, 'Subject'), 'Data') ?? '',
        text: str(obj(body, 'Text'), 'Data'),
        html: str(obj(body, 'Html'), 'Data'),
        headers: [],
        attachments: [],
      },
    });
  });
}

const addressesOf = (values: string[]) => values.flatMap((v) => parseAddressList(v).map((a) => a?.raw ?? v));

export function sendRawEmailV1(d: SendingContext): OperationSpec {
  return sendOperation(d, 'SendRawEmail', async (raw, ctx) => {
    const data = blob(obj(raw, 'RawMessage')?.['Data']);
    check('v1', [['RawMessage', obj(raw, 'RawMessage'), REQUIRED]]);
    if (!data || data.length === 0) throw e.badParameter('v1', 'Empty raw message.');
    const h = readHeaders(data);
    const destinations = strings(raw, 'Destinations');
    const parts = v1Parts(raw);
    // The parameters win over the X-SES-*-ARN headers (API_SendRawEmail.html).
    const sourceArn = str(raw, 'SourceArn') ?? h.get('x-ses-source-arn')[0];
    const fromArn = str(raw, 'FromArn') ?? h.get('x-ses-from-arn')[0];
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
  });
}

export function sendTemplatedEmailV1(d: SendingContext): OperationSpec {
  return sendOperation(d, 'SendTemplatedEmail', async (raw, ctx) => {
    check('v1', [
      ['Source', str(raw, 'Source'), REQUIRED],
      ['Destination', obj(raw, 'Destination'), REQUIRED],
      ['Template', str(raw, 'Template'), REQUIRED],
      ['TemplateData', str(raw, 'TemplateData'), { required: true, max: 262144 }],
    ]);
    return prepare(d, ctx, 'v1', 'SendTemplatedEmail', {
      ...v1Parts(raw),
      content: {
        kind: 'templateRef',
        name: str(raw, 'Template')!,
        arn: str(raw, 'TemplateArn'),
        dataText: str(raw, 'TemplateData'),
        headers: [],
        attachments: [],
      },
    });
  });
}
