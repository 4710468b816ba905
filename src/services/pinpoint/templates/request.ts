/**
 * Checking CreateEmailTemplate's and UpdateEmailTemplate's input (pinpoint/2016-12-01
 * EmailTemplateRequest, typed by the model) and the template name in the path. Every check runs
 * before anything is written. Texts quote AWS where it documents the rule; the others are Pinpost's
 * wording.
 */
import type { EmailTemplateRequest } from '../../../wire/model/types/pinpoint.js';
import { badRequest } from '../errors.js';
import type { EmailVersionContent, MessageHeader } from './documents.js';
import { compileEmail, TemplateError } from './render.js';

/**
 * "A template name must start with an alphanumeric character and can contain a maximum of 128
 * characters. The characters can be alphanumeric characters, underscores (_), or hyphens (-)."
 * (the model's TemplateName documentation, which is also the error's text).
 */
const TEMPLATE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const NAME_RULE =
  'A template name must start with an alphanumeric character and can contain a maximum of 128 characters. The characters can be alphanumeric characters, underscores (_), or hyphens (-).';

export function checkTemplateName(name: string): void {
  if (!TEMPLATE_NAME.test(name)) throw badRequest(NAME_RULE);
}

/** developerguide/quotas.html, "Message template quotas": 600,000 characters in an email template. */
export const MAX_TEMPLATE_CHARACTERS = 600_000;
/** "You can have up to 15 Headers." (pinpoint/2016-12-01 EmailTemplateRequest.Headers). */
const MAX_HEADERS = 15;
/** MessageHeader: "The header name can contain up to 126 characters", the value up to 870. */
const MAX_HEADER_NAME = 126;
const MAX_HEADER_VALUE = 870;

function headers(given: EmailTemplateRequest['Headers']): MessageHeader[] | undefined {
  if (given === undefined) return undefined;
  if (given.length > MAX_HEADERS) throw badRequest(`You can have up to ${MAX_HEADERS} Headers.`);
  return given.map((h): MessageHeader => {
    const value = h.Value ?? '';
    if (!h.Name) throw badRequest('Each header must have a Name');
    if (h.Name.length > MAX_HEADER_NAME) {
      throw badRequest(`The header name can contain up to ${MAX_HEADER_NAME} characters.`);
    }
    if (value.length > MAX_HEADER_VALUE) {
      throw badRequest(`The header value can contain up to ${MAX_HEADER_VALUE} characters.`);
    }
    return { Name: h.Name, Value: value };
  });
}

/**
 * The version's content of an EmailTemplateRequest, checked; its `tags` only CreateEmailTemplate
 * applies (updates ignore tags since 2023-05-22, the model's note).
 */
export function emailTemplateContent(body: EmailTemplateRequest | undefined): EmailVersionContent {
  // EmailTemplateRequest is required (pinpoint/2016-12-01); the text is Pinpost's.
  if (body === undefined) throw badRequest('Missing EmailTemplateRequest');
  const content: EmailVersionContent = {};
  for (const m of [
    'Subject',
    'HtmlPart',
    'TextPart',
    'DefaultSubstitutions',
    'TemplateDescription',
    'RecommenderId',
  ] as const) {
    const v = body[m];
    if (v !== undefined) content[m] = v;
  }
  const h = headers(body.Headers);
  if (h) content.Headers = h;
  const size =
    (content.Subject ?? '').length + (content.HtmlPart ?? '').length + (content.TextPart ?? '').length;
  if (size > MAX_TEMPLATE_CHARACTERS) {
    throw badRequest(`An email template can contain at most ${MAX_TEMPLATE_CHARACTERS} characters.`);
  }
  try {
    compileEmail(content);
  } catch (err) {
    if (err instanceof TemplateError) throw badRequest(err.message);
    throw err;
  }
  return content;
}
