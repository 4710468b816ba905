/**
 * SMS, voice, push and in-app templates (apireference/templates-template-name-sms.html, -voice,
 * -push, -inapp): what each request carries (pinpoint/2016-12-01 SMSTemplateRequest,
 * VoiceTemplateRequest, PushNotificationTemplateRequest, InAppTemplateRequest), read and checked
 * before anything is written, and kept as the version's content that Get<Type>Template returns.
 */
import type { OperationSpec } from '../../../wire/operation.js';
import { badRequest } from '../errors.js';
import { payload, str, stringMap, type Raw } from '../input.js';
import type { TemplateDeps } from './access.js';
import { compileEmail, TemplateError } from './render.js';
import { templateOperations, type TemplateTypeSpec } from './template-operations.js';

/** The request payload, which the model marks required; the text is Pinpost's, as email's is. */
function body(raw: Raw, member: string): Raw {
  if (raw[member] === undefined || raw[member] === null) throw badRequest(`Missing ${member}`);
  return payload(raw, member);
}

/** Copies the string members of `names` that `from` sets. */
function strings(from: Raw, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = str(from, n);
    if (v !== undefined) out[n] = v;
  }
  return out;
}

/**
 * Text with message variables is Handlebars, as in email templates: a part that does not parse,
 * or DefaultSubstitutions that are not a JSON object, is refused as email content is.
 */
function checkText(parts: (string | undefined)[], defaults: string | undefined): void {
  try {
    for (const part of parts)
      if (part !== undefined) compileEmail({ TextPart: part, DefaultSubstitutions: defaults });
    if (defaults !== undefined) compileEmail({ DefaultSubstitutions: defaults });
  } catch (err) {
    if (err instanceof TemplateError) throw badRequest(err.message);
    throw err;
  }
}

/** pinpoint/2016-12-01 Action: what a push notification's tap does. */
const ACTIONS = ['OPEN_APP', 'DEEP_LINK', 'URL'];

const ANDROID = [
  'Body',
  'ImageIconUrl',
  'ImageUrl',
  'RawContent',
  'SmallImageIconUrl',
  'Sound',
  'Title',
  'Url',
];
const APNS = ['Body', 'MediaUrl', 'RawContent', 'Sound', 'Title', 'Url'];
const DEFAULT = ['Body', 'Sound', 'Title', 'Url'];

/** One platform's part of a push template (AndroidPushNotificationTemplate, …), or undefined. */
function pushPart(from: Raw, member: string, names: readonly string[]): Record<string, string> | undefined {
  if (from[member] === undefined || from[member] === null) return undefined;
  const part = payload(from, member);
  const out = strings(part, [...names, 'Action']);
  if (out.Action !== undefined && !ACTIONS.includes(out.Action)) {
    throw badRequest(`Invalid Action: ${out.Action}; valid values are ${ACTIONS.join(', ')}`);
  }
  return out;
}

export const SMS_TEMPLATES: TemplateTypeSpec = {
  type: 'SMS',
  segment: 'sms',
  op: 'Sms',
  request: 'SMSTemplateRequest',
  response: 'SMSTemplateResponse',
  created: 'CreateTemplateMessageBody',
  read(raw) {
    const b = body(raw, 'SMSTemplateRequest');
    const content = strings(b, ['Body', 'DefaultSubstitutions', 'RecommenderId', 'TemplateDescription']);
    checkText([content.Body], content.DefaultSubstitutions);
    return { content, tags: stringMap(b, 'tags') };
  },
};

export const VOICE_TEMPLATES: TemplateTypeSpec = {
  type: 'VOICE',
  segment: 'voice',
  op: 'Voice',
  request: 'VoiceTemplateRequest',
  response: 'VoiceTemplateResponse',
  created: 'CreateTemplateMessageBody',
  read(raw) {
    const b = body(raw, 'VoiceTemplateRequest');
    const content = strings(b, [
      'Body',
      'DefaultSubstitutions',
      'LanguageCode',
      'TemplateDescription',
      'VoiceId',
    ]);
    checkText([content.Body], content.DefaultSubstitutions);
    return { content, tags: stringMap(b, 'tags') };
  },
};

export const PUSH_TEMPLATES: TemplateTypeSpec = {
  type: 'PUSH',
  segment: 'push',
  op: 'Push',
  request: 'PushNotificationTemplateRequest',
  response: 'PushNotificationTemplateResponse',
  created: 'CreateTemplateMessageBody',
  read(raw) {
    const b = body(raw, 'PushNotificationTemplateRequest');
    const content: Record<string, unknown> = strings(b, [
      'DefaultSubstitutions',
      'RecommenderId',
      'TemplateDescription',
    ]);
    const parts: Record<string, Record<string, string> | undefined> = {
      ADM: pushPart(b, 'ADM', ANDROID),
      APNS: pushPart(b, 'APNS', APNS),
      Baidu: pushPart(b, 'Baidu', ANDROID),
      Default: pushPart(b, 'Default', DEFAULT),
      GCM: pushPart(b, 'GCM', ANDROID),
    };
    for (const [name, part] of Object.entries(parts)) {
      if (!part) continue;
      checkText([part.Title, part.Body], content.DefaultSubstitutions as string | undefined);
      content[name] = part;
    }
    return { content, tags: stringMap(b, 'tags') };
  },
};

/** pinpoint/2016-12-01 Layout. */
const LAYOUTS = ['BOTTOM_BANNER', 'TOP_BANNER', 'OVERLAYS', 'MOBILE_FEED', 'MIDDLE_BANNER', 'CAROUSEL'];

/** A JSON value of the in-app content, kept as it was given once its shape is checked. */
function objectList(from: Raw, member: string): Raw[] | undefined {
  const v = from[member];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => !x || typeof x !== 'object' || Array.isArray(x))) {
    throw badRequest(`${member} must be a list of objects`);
  }
  return v as Raw[];
}

export const INAPP_TEMPLATES: TemplateTypeSpec = {
  type: 'INAPP',
  segment: 'inapp',
  op: 'InApp',
  request: 'InAppTemplateRequest',
  response: 'InAppTemplateResponse',
  // CreateInAppTemplate's output payload is TemplateCreateMessageBody (the model).
  created: 'TemplateCreateMessageBody',
  read(raw) {
    const b = body(raw, 'InAppTemplateRequest');
    const content: Record<string, unknown> = strings(b, ['Layout', 'TemplateDescription']);
    if (content.Layout !== undefined && !LAYOUTS.includes(content.Layout as string)) {
      throw badRequest(`Invalid Layout: ${String(content.Layout)}; valid values are ${LAYOUTS.join(', ')}`);
    }
    const list = objectList(b, 'Content');
    if (list) content.Content = list;
    const custom = stringMap(b, 'CustomConfig');
    if (custom) content.CustomConfig = custom;
    return { content, tags: stringMap(b, 'tags') };
  },
};

export function otherTemplateOperations(deps: TemplateDeps): OperationSpec[] {
  return [SMS_TEMPLATES, VOICE_TEMPLATES, PUSH_TEMPLATES, INAPP_TEMPLATES].flatMap((spec) =>
    templateOperations(deps, spec),
  );
}
