/**
 * SES v2 SendEmail (POST /v2/email/outbound-emails, API_SendEmail.html in APIReference-V2): Simple,
 * Raw or Template content. The IAM action follows the content: Raw is authorized as
 * ses:SendRawEmail (SES's AccessDenied for a v2 SendEmail names `ses:SendRawEmail`, django-anymail's
 * "Confusing IAM error messages" note and aws/aws-actionmailer-ses-ruby#10), Simple and Template as
 * ses:SendEmail, Template also on the template's ARN (list_amazonses.html lists `template` for
 * SendEmail).
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { OutputOf } from '../../../wire/model/types/sesv2.js';
import { checkSendTarget } from '../control/index.js';
import { parseAddressList } from './addresses.js';
import { conditionKeysOf, resourcesOf } from './authz.js';
import type { SendingContext } from './context.js';
import * as e from './errors.js';
import { blob, check, headersOf, obj, objects, str, strings, tagsOf, type Raw } from './input.js';
import { prepare, resolveContent, type ContentSpec, type PreparedSend } from './prepare.js';
import { readHeaders } from './raw-message.js';
import type { Attachment } from './request.js';
import { parseTemplateData } from './template.js';

export function attachmentsOf(raw: Raw | undefined): Attachment[] {
  return objects(raw, 'Attachments').map((a) => ({
    filename: str(a, 'FileName') ?? '',
    content: blob(a['RawContent']) ?? Buffer.alloc(0),
    contentType: str(a, 'ContentType'),
    cid: str(a, 'ContentId'),
    disposition: str(a, 'ContentDisposition') === 'INLINE' ? 'inline' : 'attachment',
  }));
}

/**
 * Inline templates: "Each input JSON file can be up to 1 MB in size, including both the text and HTML
 * parts" (dg/send-personalized-email-api.html). The text of the refusal is Pinpost's own.
 */
const MAX_INLINE_TEMPLATE_BYTES = 1024 * 1024;
const INLINE_TOO_LARGE = `The inline template is larger than ${MAX_INLINE_TEMPLATE_BYTES} bytes (1 MB), the maximum size of an inline template including its subject, text and HTML parts.`;

/** v2 Template content (also the DefaultContent of SendBulkEmail). */
export function templateContent(t: Raw): ContentSpec {
  const name = str(t, 'TemplateName');
  const arn = str(t, 'TemplateArn');
  const inline = obj(t, 'TemplateContent');
  if (inline) {
    const size = ['Subject', 'Text', 'Html'].reduce((n, k) => n + Buffer.byteLength(str(inline, k) ?? ''), 0);
    if (size > MAX_INLINE_TEMPLATE_BYTES) throw e.badParameter('v2', INLINE_TOO_LARGE);
    const data = parseTemplateData(str(t, 'TemplateData'));
    if (!data) throw e.badTemplateData('v2');
    return {
      kind: 'template',
      template: {
        TemplateName: name ?? 'inline',
        Subject: str(inline, 'Subject'),
        Html: str(inline, 'Html'),
        Text: str(inline, 'Text'),
      },
      data,
      headers: headersOf(t, 'Headers'),
      attachments: attachmentsOf(t),
    };
  }
  if (!name && !arn) throw e.badParameter('v2', 'Template name or ARN is required.');
  return {
    kind: 'templateRef',
    name: name ?? arn!.slice(arn!.lastIndexOf('/') + 1),
    arn,
    dataText: str(t, 'TemplateData'),
    headers: headersOf(t, 'Headers'),
    attachments: attachmentsOf(t),
  };
}

function contentOf(c: Raw): ContentSpec {
  const simple = obj(c, 'Simple');
  const raw = obj(c, 'Raw');
  const template = obj(c, 'Template');
  if ([simple, raw, template].filter(Boolean).length !== 1) {
    throw e.badParameter('v2', 'Exactly one of Simple, Raw or Template content must be specified.');
  }
  if (simple) {
    const body = obj(simple, 'Body');
    check('v2', [
      ['Subject', obj(simple, 'Subject'), { required: true }],
      ['Body', body, { required: true }],
      ['Headers', objects(simple, 'Headers'), { max: 15 }],
    ]);
    return {
      kind: 'simple',
      subject: str(obj(simple, 'Subject'), 'Data') ?? '',
      text: str(obj(body, 'Text'), 'Data'),
      html: str(obj(body, 'Html'), 'Data'),
      headers: headersOf(simple, 'Headers'),
      attachments: attachmentsOf(simple),
    };
  }
  if (raw) {
    const data = blob(raw['Data']);
    if (!data) throw e.badParameter('v2', 'Raw message data is required.');
    return { kind: 'raw', data };
  }
  return templateContent(template!);
}

const addresses = (values: string[]) => values.flatMap((v) => parseAddressList(v).map((a) => a?.raw ?? v));

type Target = { target: { tenantName?: string; endpointId?: string } };
type SendEmailInput = PreparedSend & { action: string } & Target;

/** SendEmail's reading of its request: the content, sender and recipients, with SES's checks. */
async function readSendEmail(d: SendingContext, raw: Raw, ctx: RequestContext): Promise<SendEmailInput> {
  const content = obj(raw, 'Content');
  check('v2', [['Content', content, { required: true }]]);
  const spec = contentOf(content!);
  const dest = obj(raw, 'Destination');
  const named = str(raw, 'FromEmailAddress');
  let from = named;
  let identityArn = str(raw, 'FromEmailAddressIdentityArn');
  let headerFrom: string | undefined;
  let headerFromArn: string | undefined;
  let to = strings(dest, 'ToAddresses');
  let cc = strings(dest, 'CcAddresses');
  const bcc = strings(dest, 'BccAddresses');
  if (spec.kind === 'raw') {
    // Raw content may leave the sender and recipients to its headers. "For Raw emails, the
    // FromEmailAddressIdentityArn value overrides the X-SES-SOURCE-ARN and X-SES-FROM-ARN
    // headers" (API_SendEmail.html); the From header is checked too when a sender is named.
    const h = readHeaders(spec.data);
    const sourceArn = identityArn ?? h.get('x-ses-source-arn')[0];
    const fromArn = identityArn ?? h.get('x-ses-from-arn')[0];
    from ??= h.get('from')[0];
    identityArn = named === undefined ? (fromArn ?? sourceArn) : sourceArn;
    if (named !== undefined) [headerFrom, headerFromArn] = [h.get('from')[0], fromArn];
    if (!dest) {
      to = addresses(h.get('to'));
      cc = addresses(h.get('cc'));
    }
  }
  const prepared = await prepare(d, ctx, 'v2', 'SendEmail', {
    from,
    identityArn,
    headerFrom,
    headerFromArn,
    feedbackIdentityArn: str(raw, 'FeedbackForwardingEmailAddressIdentityArn'),
    to,
    cc,
    bcc,
    replyTo: strings(raw, 'ReplyToAddresses'),
    feedbackAddress: str(raw, 'FeedbackForwardingEmailAddress'),
    configurationSetName: str(raw, 'ConfigurationSetName'),
    tags: tagsOf(raw, 'EmailTags'),
    content: spec,
  });
  const target = { tenantName: str(raw, 'TenantName'), endpointId: str(raw, 'EndpointId') };
  return { ...prepared, action: spec.kind === 'raw' ? 'ses:SendRawEmail' : 'ses:SendEmail', target };
}

/** SendEmail's work once read and authorized: the send target checked, the message sent. */
async function runSendEmail(d: SendingContext, input: SendEmailInput, ctx: RequestContext): Promise<string> {
  // TenantName and EndpointId must name a tenant and an endpoint of the account (control plane).
  await checkSendTarget(d.control, input.req, input.target);
  return d.engine.send({
    ...(await resolveContent(d, input.req)),
    onCommit: ctx.onCommit,
    trackOpensAndClicks: ctx.trackOpensAndClicks,
  });
}

export function sendEmailV2(d: SendingContext): OperationSpec {
  return defineOperation<SendEmailInput, OutputOf<'SendEmail'>>({
    name: 'SendEmail',
    action: 'ses:SendEmail',
    http: { method: 'POST', path: '/v2/email/outbound-emails' },
    parse: (raw, ctx) => readSendEmail(d, raw, ctx),
    resources: (input) => resourcesOf(input.auth),
    conditionKeys: (input) => conditionKeysOf(input.auth),
    // The content decides the action; `action` above is what the table lists for the operation.
    actionFor: (input) => input.action,
    handler: async (input, ctx) => ({ MessageId: await runSendEmail(d, input, ctx) }),
  });
}

/**
 * A send that another operation makes as part of its own work, authorized as that operation (SES
 * v2 CreateDeliverabilityTestReport sends its message to its seed): SendEmail's reading, checks and
 * path, without a second authorization. Returns the MessageId.
 */
export function embeddedSendEmailV2(d: SendingContext) {
  return async (raw: Raw, ctx: RequestContext): Promise<string> =>
    runSendEmail(d, await readSendEmail(d, raw, ctx), ctx);
}
