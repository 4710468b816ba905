/**
 * SES v2 SendEmail (POST /v2/email/outbound-emails, API_SendEmail.html in APIReference-V2): Simple,
 * Raw or Template content. The IAM action follows the content: Raw is authorized as
 * ses:SendRawEmail (SES's AccessDenied for a v2 SendEmail names `ses:SendRawEmail`, django-anymail's
 * "Confusing IAM error messages" note and aws/aws-actionmailer-ses-ruby#10), Simple and Template as
 * ses:SendEmail, Template also on the template's ARN (list_amazonses.html lists `template` for
 * SendEmail).
 */
import { onceKey, type RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { readByModel, refusalOf } from '../../../wire/model/validate-request.js';
import type {
  Attachment as AttachmentMember,
  EmailContent,
  InputOf,
  OutputOf,
  Template,
} from '../../../wire/model/types/sesv2.js';
import { checkSendTarget } from '../control/index.js';
import { parseAddressList } from './addresses.js';
import { conditionKeysOf, resourcesOf } from './authz.js';
import type { SendingContext } from './context.js';
import * as e from './errors.js';
import {
  prepare,
  resolveContent,
  templateNameOfArn,
  type ContentSpec,
  type PreparedSend,
} from './prepare.js';
import { readHeaders } from './raw-message.js';
import type { Attachment } from './request.js';
import { parseTemplateData } from './template.js';
import { bytesOf, headerPairs } from './typed.js';

type Input = InputOf<'SendEmail'>;

export function attachmentsOf(list: AttachmentMember[] | undefined): Attachment[] {
  return (list ?? []).map((a) => ({
    filename: a.FileName,
    content: bytesOf(a.RawContent),
    contentType: a.ContentType,
    cid: a.ContentId,
    disposition: a.ContentDisposition === 'INLINE' ? 'inline' : 'attachment',
  }));
}

/**
 * Inline templates: "Each input JSON file can be up to 1 MB in size, including both the text and HTML
 * parts" (dg/send-personalized-email-api.html). The text of the refusal is Pinpost's own.
 */
const MAX_INLINE_TEMPLATE_BYTES = 1024 * 1024;
const INLINE_TOO_LARGE = `The inline template is larger than ${MAX_INLINE_TEMPLATE_BYTES} bytes (1 MB), the maximum size of an inline template including its subject, text and HTML parts.`;

/** v2 Template content (also the DefaultContent of SendBulkEmail). */
export function templateContent(t: Template): ContentSpec {
  const name = t.TemplateName;
  const arn = t.TemplateArn;
  const inline = t.TemplateContent;
  if (inline) {
    const size = [inline.Subject, inline.Text, inline.Html].reduce(
      (n, part) => n + Buffer.byteLength(part ?? ''),
      0,
    );
    if (size > MAX_INLINE_TEMPLATE_BYTES) throw e.badParameter('v2', INLINE_TOO_LARGE);
    const data = parseTemplateData(t.TemplateData);
    if (!data) throw e.badTemplateData('v2');
    return {
      kind: 'template',
      template: {
        TemplateName: name ?? 'inline',
        Subject: inline.Subject,
        Html: inline.Html,
        Text: inline.Text,
      },
      data,
      headers: headerPairs(t.Headers),
      attachments: attachmentsOf(t.Attachments),
    };
  }
  if (!name && !arn) throw e.badParameter('v2', 'Template name or ARN is required.');
  return {
    kind: 'templateRef',
    name: name ?? templateNameOfArn(arn!),
    arn,
    dataText: t.TemplateData,
    headers: headerPairs(t.Headers),
    attachments: attachmentsOf(t.Attachments),
  };
}

/** Exactly one kind of content: SES's own refusal, of content the model accepts (`check`). */
function onlyKind(c: EmailContent): void {
  if ([c.Simple, c.Raw, c.Template].filter((kind) => kind !== undefined).length !== 1) {
    throw e.badParameter('v2', 'Exactly one of Simple, Raw or Template content must be specified.');
  }
}

function contentOf(c: EmailContent): ContentSpec {
  onlyKind(c);
  if (c.Simple) {
    return {
      kind: 'simple',
      subject: c.Simple.Subject.Data,
      text: c.Simple.Body.Text?.Data,
      html: c.Simple.Body.Html?.Data,
      headers: headerPairs(c.Simple.Headers),
      attachments: attachmentsOf(c.Simple.Attachments),
    };
  }
  if (c.Raw) {
    if (c.Raw.Data === undefined) throw e.badParameter('v2', 'Raw message data is required.');
    return { kind: 'raw', data: bytesOf(c.Raw.Data) };
  }
  return templateContent(c.Template!);
}

const addresses = (values: string[]) => values.flatMap((v) => parseAddressList(v).map((a) => a?.raw ?? v));

/** SendEmail's reading of its request: the content, sender and recipients, with SES's checks. */
async function prepareSendEmail(d: SendingContext, i: Input, ctx: RequestContext): Promise<PreparedSend> {
  const spec = contentOf(i.Content);
  const named = i.FromEmailAddress;
  let from = named;
  let identityArn = i.FromEmailAddressIdentityArn;
  let headerFrom: string | undefined;
  let headerFromArn: string | undefined;
  let to = i.Destination?.ToAddresses ?? [];
  let cc = i.Destination?.CcAddresses ?? [];
  const bcc = i.Destination?.BccAddresses ?? [];
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
    if (!i.Destination) {
      to = addresses(h.get('to'));
      cc = addresses(h.get('cc'));
    }
  }
  return prepare(d, ctx, 'v2', 'SendEmail', {
    from,
    identityArn,
    headerFrom,
    headerFromArn,
    feedbackIdentityArn: i.FeedbackForwardingEmailAddressIdentityArn,
    to,
    cc,
    bcc,
    replyTo: i.ReplyToAddresses ?? [],
    feedbackAddress: i.FeedbackForwardingEmailAddress,
    configurationSetName: i.ConfigurationSetName,
    tags: i.EmailTags ?? [],
    content: spec,
  });
}

/** SendEmail's work once read and authorized: the send target checked, the message sent. */
async function runSendEmail(
  d: SendingContext,
  i: Input,
  prepared: PreparedSend,
  ctx: RequestContext,
): Promise<string> {
  // TenantName and EndpointId must name a tenant and an endpoint of the account (control plane).
  await checkSendTarget(d.control, prepared.req, { tenantName: i.TenantName, endpointId: i.EndpointId });
  return d.engine.send({
    ...(await resolveContent(d, prepared.req)),
    onCommit: ctx.onCommit,
    trackOpensAndClicks: ctx.trackOpensAndClicks,
  });
}

const PREPARED = onceKey<Promise<PreparedSend>>('sesv2:SendEmail prepared send');

export function sendEmailV2(d: SendingContext): OperationSpec {
  // Prepared once per request, read by every step after (RequestContext.once).
  const prepared = (i: Input, ctx: RequestContext) => ctx.once(PREPARED, () => prepareSendEmail(d, i, ctx));
  return defineOperation<Input, OutputOf<'SendEmail'>>({
    name: 'SendEmail',
    action: 'ses:SendEmail',
    // SES refuses malformed content, a malformed sender or recipient list before it authorizes,
    // once the model accepts the request.
    check: async (i, ctx) => void (await prepared(i, ctx)),
    resources: async (i, ctx) => resourcesOf((await prepared(i, ctx)).auth),
    conditionKeys: async (i, ctx) => conditionKeysOf((await prepared(i, ctx)).auth),
    // The content decides the action; `action` above is what the table lists for the operation.
    actionFor: (i) => (i.Content.Raw !== undefined ? 'ses:SendRawEmail' : 'ses:SendEmail'),
    handler: async (i, ctx) => ({ MessageId: await runSendEmail(d, i, await prepared(i, ctx), ctx) }),
  });
}

/**
 * A send that another operation makes as part of its own work, authorized as that operation (SES
 * v2 CreateDeliverabilityTestReport sends its message to its seed): SendEmail's reading, checks and
 * path, without a second authorization. Returns the MessageId.
 */
export function embeddedSendEmailV2(d: SendingContext) {
  return async (raw: Record<string, unknown>, ctx: RequestContext): Promise<string> => {
    const i = await modelTyped(raw);
    return runSendEmail(d, i, await prepareSendEmail(d, i, ctx), ctx);
  };
}

/** The request checked and typed by the SES v2 model, as the pipeline does a request's. */
async function modelTyped(raw: Record<string, unknown>): Promise<Input> {
  const reading = await readByModel('sesv2', 'SendEmail', raw);
  const refusal = refusalOf(reading);
  if (refusal) throw refusal;
  // Built member by member from SendEmailRequest, the shape Input is generated from.
  return reading.input as unknown as Input;
}
