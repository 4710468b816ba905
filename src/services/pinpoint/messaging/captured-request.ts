/**
 * The non-email parts of a direct message (pinpoint/2016-12-01 DirectMessageConfiguration:
 * SMSMessage, VoiceMessage, APNSMessage, GCMMessage, BaiduMessage, ADMMessage, DefaultPushMessage,
 * DefaultMessage; TemplateConfiguration: SMSTemplate, VoiceTemplate, PushTemplate), read so each
 * recipient of those channels gets a captured message (captured-send.ts).
 */
import { badRequest } from '../errors.js';
import { str, type Raw } from '../input.js';
import { substitutionsOf, type Substitutions } from './message-request.js';

/** One channel's message: what it says and the rest of its settings (kept as the detail). */
export interface ChannelMessage {
  title?: string;
  body?: string;
  substitutions?: Substitutions;
  detail: Record<string, unknown>;
}

export interface OtherMessages {
  /** By DirectMessageConfiguration member: SMSMessage, VoiceMessage, APNSMessage, … DefaultMessage. */
  messages: Record<string, ChannelMessage>;
  /** By TemplateConfiguration member: SMSTemplate, VoiceTemplate, PushTemplate. */
  templates: Record<string, { name: string; version?: string }>;
}

/** The ChannelTypes whose messages Pinpost captures instead of delivering. */
export const CAPTURED_CHANNELS = [
  'SMS',
  'VOICE',
  'APNS',
  'APNS_SANDBOX',
  'APNS_VOIP',
  'APNS_VOIP_SANDBOX',
  'GCM',
  'BAIDU',
  'ADM',
];

/** Where a channel's message and template are, most specific first (then DefaultMessage). */
export function sourcesOf(channel: string): { messages: string[]; template?: string; templatePart?: string } {
  if (channel === 'SMS') return { messages: ['SMSMessage'], template: 'SMSTemplate' };
  if (channel === 'VOICE') return { messages: ['VoiceMessage'], template: 'VoiceTemplate' };
  const own = channel.startsWith('APNS')
    ? { message: 'APNSMessage', part: 'APNS' }
    : channel === 'GCM'
      ? { message: 'GCMMessage', part: 'GCM' }
      : channel === 'BAIDU'
        ? { message: 'BaiduMessage', part: 'Baidu' }
        : { message: 'ADMMessage', part: 'ADM' };
  return { messages: [own.message, 'DefaultPushMessage'], template: 'PushTemplate', templatePart: own.part };
}

const MESSAGE_MEMBERS = [
  'SMSMessage',
  'VoiceMessage',
  'APNSMessage',
  'GCMMessage',
  'BaiduMessage',
  'ADMMessage',
  'DefaultPushMessage',
  'DefaultMessage',
];
const TEMPLATE_MEMBERS = ['SMSTemplate', 'VoiceTemplate', 'PushTemplate'];

const isObject = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);

function member(raw: Raw, name: string): Raw | undefined {
  const v = raw[name];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw badRequest(`${name} must be an object`);
  return v;
}

function channelMessage(raw: Raw): ChannelMessage {
  const { Title: _t, Body: _b, Substitutions: _s, ...detail } = raw;
  return { title: str(raw, 'Title'), body: str(raw, 'Body'), substitutions: substitutionsOf(raw), detail };
}

/** The non-email parts of MessageRequest / SendUsersMessageRequest (none: empty maps). */
export function otherMessagesOf(request: Raw): OtherMessages {
  const config = member(request, 'MessageConfiguration') ?? {};
  const templates = member(request, 'TemplateConfiguration') ?? {};
  const out: OtherMessages = { messages: {}, templates: {} };
  for (const name of MESSAGE_MEMBERS) {
    const m = member(config, name);
    if (m) out.messages[name] = channelMessage(m);
  }
  for (const name of TEMPLATE_MEMBERS) {
    const t = member(templates, name);
    if (!t) continue;
    const templateName = str(t, 'Name');
    if (!templateName) throw badRequest(`Missing ${name} Name`);
    out.templates[name] = { name: templateName, version: str(t, 'Version') };
  }
  return out;
}

/** Whether the request carries anything for a non-email channel. */
export const hasOtherContent = (o: OtherMessages) =>
  Object.keys(o.messages).length > 0 || Object.keys(o.templates).length > 0;

/** Whether the request carries email content (EmailMessage or an EmailTemplate). */
export function hasEmailContent(request: Raw): boolean {
  const config = member(request, 'MessageConfiguration') ?? {};
  const templates = member(request, 'TemplateConfiguration') ?? {};
  return member(config, 'EmailMessage') !== undefined || member(templates, 'EmailTemplate') !== undefined;
}
