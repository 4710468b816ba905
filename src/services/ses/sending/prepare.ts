/**
 * From a model-typed request to a SendRequest and what it authorizes. Runs in `check`, before the
 * authorize step, because the resources and condition keys come from the message (its From, its
 * recipients); anything needing a lookup that AWS makes after authorizing (the template) waits for
 * the handler (`resolveContent`).
 */
import type { RequestContext } from '../../../wire/context.js';
import { parseAddress, type ParsedAddress } from './addresses.js';
import { identityArnFor, parseIdentityArn, sesArn, type SendAuthorization } from './authz.js';
import type { SendingContext } from './context.js';
import * as e from './errors.js';
import { callerIdentityOf, scopeOf } from './caller.js';
import type { Attachment, SendContent, SendRequest } from './request.js';
import { identityOfArn, type Sender, type SenderRole } from './senders.js';
import { parseTemplateData } from './template.js';

export const MAX_RECIPIENTS = 50;

/** The template name of `Template`/`TemplateArn` (`arn:…:template/<name>`). */
export const templateNameOfArn = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

export interface TemplateRef {
  kind: 'templateRef';
  name: string;
  arn?: string;
  dataText?: string;
  headers: { name: string; value: string }[];
  attachments: Attachment[];
}

export type ContentSpec = SendContent | TemplateRef;

export interface PreparedSend {
  req: Omit<SendRequest, 'content'> & { content: ContentSpec };
  auth: SendAuthorization;
}

export interface SendParts {
  /** Source / FromEmailAddress; for raw content without one, the message's From header. */
  from?: string;
  /** SourceArn / FromEmailAddressIdentityArn (X-SES-SOURCE-ARN in raw content). */
  identityArn?: string;
  /** Raw content's From header, when the call names a Source besides. */
  headerFrom?: string;
  /** FromArn (X-SES-FROM-ARN): the identity of the From header; SourceArn's when not given. */
  headerFromArn?: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  feedbackAddress?: string;
  /** ReturnPathArn / FeedbackForwardingEmailAddressIdentityArn. */
  feedbackIdentityArn?: string;
  configurationSetName?: string;
  tags: { Name: string; Value: string }[];
  content: ContentSpec;
}

export async function prepare(
  d: SendingContext,
  ctx: RequestContext,
  api: 'v1' | 'v2',
  operation: string,
  parts: SendParts,
  opts: { addressKeys?: boolean; maxRecipients?: number } = {},
): Promise<PreparedSend> {
  const scope = scopeOf(ctx);
  if (!parts.from) throw e.badParameter(api, "Missing required header 'From'.");
  const from = parseAddress(parts.from);
  if (!from) throw e.badAddress(api);
  const recipients = [...parts.to, ...parts.cc, ...parts.bcc];
  if (recipients.length === 0) throw e.noRecipients(api);
  if (recipients.length > (opts.maxRecipients ?? MAX_RECIPIENTS)) throw e.tooManyRecipients(api);
  const bare = (list: string[]) =>
    list.map((r) => {
      const p = parseAddress(r);
      if (!p) throw e.badAddress(api);
      return p.address;
    });
  const to = bare(parts.to);
  const cc = bare(parts.cc);
  const bcc = bare(parts.bcc);
  for (const r of parts.replyTo) if (!parseAddress(r)) throw e.badAddress(api);
  const feedback = parts.feedbackAddress ? parseAddress(parts.feedbackAddress) : undefined;
  if (parts.feedbackAddress && !feedback) throw e.badAddress(api);

  const sender = async (
    role: SenderRole,
    address: ParsedAddress,
    named: string | undefined,
  ): Promise<Sender> => {
    if (named !== undefined && !parseIdentityArn(named)) throw e.invalidArn(api, named);
    const identityArn = named ?? (await identityArnFor(d.control.identities, scope, address.address));
    return { role, address, identityArn, named: named !== undefined };
  };
  const senders = [await sender('source', from, parts.identityArn)];
  if (parts.headerFrom !== undefined) {
    const headerFrom = parseAddress(parts.headerFrom);
    if (!headerFrom) throw e.badAddress(api);
    senders.push(await sender('from', headerFrom, parts.headerFromArn ?? parts.identityArn));
  }
  if (feedback) senders.push(await sender('return-path', feedback, parts.feedbackIdentityArn));
  const identityArn = senders[0].identityArn;
  // The Source identity's default configuration set is used (and authorized) when the send names none.
  const configSetName =
    parts.configurationSetName ??
    (await identityOfArn(d.control.identities, scope.region, identityArn))?.configurationSetName;
  const content = parts.content;
  const templateArn =
    content.kind === 'templateRef' ? (content.arn ?? sesArn(scope, 'template', content.name)) : undefined;
  return {
    req: {
      api,
      operation,
      scope,
      from,
      identityArn,
      senders,
      to,
      cc,
      bcc,
      replyTo: parts.replyTo,
      feedbackAddress: feedback?.address,
      configurationSetName: parts.configurationSetName,
      tags: parts.tags,
      content,
      callerIdentity: callerIdentityOf(ctx),
      sourceIp: ctx.request.sourceIp || undefined,
    },
    auth: {
      identityArn,
      senderIdentityArns: [...new Set(senders.map((x) => x.identityArn))],
      configurationSetArn: configSetName ? sesArn(scope, 'configuration-set', configSetName) : undefined,
      templateArn,
      from: { address: from.address, name: from.name },
      recipients: [...to, ...cc, ...bcc],
      feedbackAddress: feedback?.address,
      apiVersion: api === 'v1' ? '1' : '2',
      addressKeys: opts.addressKeys ?? true,
    },
  };
}

/** Looks the template up (after authorization, as AWS does) and reads its data. */
export async function resolveContent(d: SendingContext, req: PreparedSend['req']): Promise<SendRequest> {
  const c = req.content;
  if (c.kind !== 'templateRef') return { ...req, content: c };
  const template = await d.control.templates.get(req.scope, c.arn ? templateNameOfArn(c.arn) : c.name);
  if (!template) throw e.templateNotFound(req.api, c.name);
  const data = parseTemplateData(c.dataText);
  if (!data) throw e.badTemplateData(req.api);
  return {
    ...req,
    content: { kind: 'template', template, data, headers: c.headers, attachments: c.attachments },
  };
}
