/**
 * Reading SendMessages' MessageRequest and SendUsersMessages' SendUsersMessageRequest
 * (pinpoint/2016-12-01; apireference/apps-application-id-messages.html,
 * apps-application-id-users-messages.html) into what the direct sender needs. Pinpost sends email
 * only: of DirectMessageConfiguration it reads EmailMessage, of TemplateConfiguration EmailTemplate;
 * recipients of other channels are answered per recipient (direct-send.ts). Texts marked
 * "Pinpost's wording" are ours: the API reference documents none for them.
 */
import { badRequest } from '../errors.js';
import { str, type Raw } from '../input.js';

/** "You can send a direct message to as many as 100 recipients" (apps-application-id-messages.html). */
export const MAX_RECIPIENTS = 100;
/** "You can send the message to as many as 100 users per request" (apps-application-id-users-messages.html). */
export const MAX_USERS = 100;

export type Substitutions = Record<string, string[]>;

/** The email of a direct message: inline parts (EmailMessage) and/or a template (EmailTemplate). */
export interface DirectEmail {
  fromAddress?: string;
  subject?: string;
  html?: string;
  text?: string;
  headers?: { Name: string; Value: string }[];
  raw?: Buffer;
  substitutions?: Substitutions;
  replyTo?: string[];
  feedbackAddress?: string;
  template?: { name: string; version?: string };
}

/** What AddressConfiguration and EndpointSendConfiguration tailor for one recipient. */
export interface RecipientConfig {
  substitutions?: Substitutions;
  titleOverride?: string;
  bodyOverride?: string;
}

export interface AddressRecipient extends RecipientConfig {
  address: string;
  channelType?: string;
}

export interface DirectMessageInput {
  appId: string;
  email: DirectEmail;
}

const isObject = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);

function object(raw: Raw, name: string): Raw | undefined {
  const v = raw[name];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw badRequest(`${name} must be an object`);
  return v;
}

function stringList(raw: Raw, name: string): string[] | undefined {
  const v = raw[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw badRequest(`${name} must be a list of strings`);
  return v as string[];
}

/** A MapOfListOf__string (Substitutions): each value a list of strings. */
export function substitutionsOf(raw: Raw, name = 'Substitutions'): Substitutions | undefined {
  const map = object(raw, name);
  if (!map) return undefined;
  const out: Substitutions = {};
  for (const [k, v] of Object.entries(map)) {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
      throw badRequest(`${name} value for ${k} must be a list of strings`);
    out[k] = v as string[];
  }
  return out;
}

function partData(simple: Raw, name: string): string | undefined {
  const part = object(simple, name);
  return part ? str(part, 'Data') : undefined;
}

function headersOf(simple: Raw): { Name: string; Value: string }[] | undefined {
  const v = simple['Headers'];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw badRequest('Headers must be a list');
  return v.map((h) => {
    if (!isObject(h) || typeof h.Name !== 'string' || typeof h.Value !== 'string')
      throw badRequest('Each header must have a Name and a Value');
    return { Name: h.Name, Value: h.Value };
  });
}

/** EmailMessage + TemplateConfiguration.EmailTemplate → DirectEmail, or BadRequestException. */
export function directEmailOf(request: Raw): DirectEmail {
  const config = object(request, 'MessageConfiguration');
  // MessageConfiguration is a required member of MessageRequest and SendUsersMessageRequest.
  if (!config) throw badRequest('Missing MessageConfiguration');
  const message = object(config, 'EmailMessage') ?? {};
  const simple = object(message, 'SimpleEmail');
  const rawEmail = object(message, 'RawEmail');
  const templateRef = object(object(request, 'TemplateConfiguration') ?? {}, 'EmailTemplate');
  const email: DirectEmail = {
    fromAddress: str(message, 'FromAddress'),
    substitutions: substitutionsOf(message),
    replyTo: stringList(message, 'ReplyToAddresses'),
    feedbackAddress: str(message, 'FeedbackForwardingAddress'),
  };
  if (simple) {
    email.subject = partData(simple, 'Subject');
    email.html = partData(simple, 'HtmlPart');
    email.text = partData(simple, 'TextPart');
    email.headers = headersOf(simple);
  }
  // EmailMessage.Body, "The body of the email message": the text part when SimpleEmail gives none.
  email.text ??= str(message, 'Body');
  if (rawEmail) {
    const data = rawEmail['Data'];
    if (typeof data !== 'string' || data === '') throw badRequest('RawEmail Data must be base64 text');
    email.raw = Buffer.from(data, 'base64');
  }
  if (templateRef) {
    const name = str(templateRef, 'Name');
    if (!name) throw badRequest('Missing EmailTemplate Name');
    email.template = { name, version: str(templateRef, 'Version') };
  }
  const hasContent = email.raw || email.template || email.subject !== undefined || email.html || email.text;
  // Pinpost's wording: Pinpost sends email only, so a request with no email content is refused whole.
  if (!hasContent) throw badRequest('EmailMessage or an EmailTemplate is required to send email');
  return email;
}

/** An AddressConfiguration or EndpointSendConfiguration. */
export function recipientConfigOf(raw: unknown, where: string): RecipientConfig & { channelType?: string } {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) throw badRequest(`${where} must be an object`);
  return {
    channelType: str(raw, 'ChannelType'),
    substitutions: substitutionsOf(raw),
    titleOverride: str(raw, 'TitleOverride'),
    bodyOverride: str(raw, 'BodyOverride'),
  };
}

/** A map member whose values are configurations (Addresses, Endpoints, Users). */
export function entriesOf(raw: Raw, name: string): [string, unknown][] {
  const map = object(raw, name);
  return map ? Object.entries(map) : [];
}

/** Pinpost's wording: the API reference states the limit but no error text. */
export const tooMany = (limit: number, what: string) =>
  badRequest(`The request exceeds the maximum of ${limit} ${what}`);
