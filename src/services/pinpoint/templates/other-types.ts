/**
 * SMS, voice, push and in-app templates (apireference/templates-template-name-sms.html, -voice,
 * -push, -inapp): what each request carries (pinpoint/2016-12-01 SMSTemplateRequest,
 * VoiceTemplateRequest, PushNotificationTemplateRequest, InAppTemplateRequest, typed by the model),
 * checked before anything is written, and kept as the version's content that Get<Type>Template returns.
 */
import type {
  InAppTemplateRequest,
  PushNotificationTemplateRequest,
  SMSTemplateRequest,
  VoiceTemplateRequest,
} from '../../../wire/model/types/pinpoint.js';
import type { OperationSpec } from '../../../wire/operation.js';
import { badRequest } from '../errors.js';
import type { TemplateDeps } from './access.js';
import { compileEmail, TemplateError } from './render.js';
import {
  templateOperations,
  type TemplateRequestBody,
  type TemplateTypeSpec,
} from './template-operations.js';

/** The request payload, which the model marks required; the text is Pinpost's, as email's is. */
function required<B>(body: B | undefined, member: string): B {
  if (body === undefined) throw badRequest(`Missing ${member}`);
  return body;
}

/** The payload without its `tags`: what a version keeps. */
function withoutTags<B extends TemplateRequestBody>(body: B): Omit<B, 'tags'> {
  const { tags: _tags, ...content } = body;
  return content;
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

/** One platform's part of a push template (AndroidPushNotificationTemplate, …), its Action checked. */
function checkAction(part: { Action?: string } | undefined): void {
  if (part?.Action !== undefined && !ACTIONS.includes(part.Action)) {
    throw badRequest(`Invalid Action: ${part.Action}; valid values are ${ACTIONS.join(', ')}`);
  }
}

export const SMS_TEMPLATES: TemplateTypeSpec<SMSTemplateRequest> = {
  type: 'SMS',
  segment: 'sms',
  op: 'Sms',
  request: 'SMSTemplateRequest',
  response: 'SMSTemplateResponse',
  created: 'CreateTemplateMessageBody',
  content(body) {
    const content = withoutTags(required(body, 'SMSTemplateRequest'));
    checkText([content.Body], content.DefaultSubstitutions);
    return content;
  },
};

export const VOICE_TEMPLATES: TemplateTypeSpec<VoiceTemplateRequest> = {
  type: 'VOICE',
  segment: 'voice',
  op: 'Voice',
  request: 'VoiceTemplateRequest',
  response: 'VoiceTemplateResponse',
  created: 'CreateTemplateMessageBody',
  content(body) {
    const content = withoutTags(required(body, 'VoiceTemplateRequest'));
    checkText([content.Body], content.DefaultSubstitutions);
    return content;
  },
};

export const PUSH_TEMPLATES: TemplateTypeSpec<PushNotificationTemplateRequest> = {
  type: 'PUSH',
  segment: 'push',
  op: 'Push',
  request: 'PushNotificationTemplateRequest',
  response: 'PushNotificationTemplateResponse',
  created: 'CreateTemplateMessageBody',
  content(body) {
    const content = withoutTags(required(body, 'PushNotificationTemplateRequest'));
    const parts = [content.ADM, content.APNS, content.Baidu, content.Default, content.GCM];
    parts.forEach(checkAction);
    for (const part of parts) if (part) checkText([part.Title, part.Body], content.DefaultSubstitutions);
    return content;
  },
};

/** pinpoint/2016-12-01 Layout. */
const LAYOUTS = ['BOTTOM_BANNER', 'TOP_BANNER', 'OVERLAYS', 'MOBILE_FEED', 'MIDDLE_BANNER', 'CAROUSEL'];

export const INAPP_TEMPLATES: TemplateTypeSpec<InAppTemplateRequest> = {
  type: 'INAPP',
  segment: 'inapp',
  op: 'InApp',
  request: 'InAppTemplateRequest',
  response: 'InAppTemplateResponse',
  // CreateInAppTemplate's output payload is TemplateCreateMessageBody (the model).
  created: 'TemplateCreateMessageBody',
  content(body) {
    const content = withoutTags(required(body, 'InAppTemplateRequest'));
    if (content.Layout !== undefined && !LAYOUTS.includes(content.Layout)) {
      throw badRequest(`Invalid Layout: ${String(content.Layout)}; valid values are ${LAYOUTS.join(', ')}`);
    }
    return content;
  },
};

export function otherTemplateOperations(deps: TemplateDeps): OperationSpec[] {
  return [
    ...templateOperations(deps, SMS_TEMPLATES),
    ...templateOperations(deps, VOICE_TEMPLATES),
    ...templateOperations(deps, PUSH_TEMPLATES),
    ...templateOperations(deps, INAPP_TEMPLATES),
  ];
}
