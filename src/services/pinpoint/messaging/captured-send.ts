/**
 * A direct message's recipients of non-email channels: each gets its channel's content (the
 * channel's own message, else DefaultPushMessage for push, else the channel's template, else
 * DefaultMessage; the recipient's TitleOverride/BodyOverride over them), rendered with the message
 * variables as email is, and captured instead of delivered (captured-store.ts). The answer is what
 * AWS answers for an accepted message: DeliveryStatus SUCCESSFUL, StatusCode 200, StatusMessage
 * "MessageId: <id>" (outcomes.ts, sentOutcome). As for email, everything that can refuse the whole
 * request (a missing template, content that does not compile) does so before the first capture.
 */
import { randomUUID } from 'node:crypto';
import type { EndpointDoc } from '../endpoints.js';
import { notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import type { PinpointContext, Scope, SendOutcome } from '../ports.js';
import { TemplateDocuments, type VersionDoc } from '../templates/documents.js';
import { compileContent, mergeSubstitutions, type Render } from './compose.js';
import { sourcesOf, type ChannelMessage, type OtherMessages } from './captured-request.js';
import type { CapturedMessages } from './captured-store.js';
import type { RecipientConfig } from './message-request.js';
import { refusedOutcome, sentOutcome } from './outcomes.js';

export interface CapturedRecipient {
  channel: string;
  address?: string;
  endpoint?: EndpointDoc;
  endpointId?: string;
  config: RecipientConfig;
}

const TEMPLATE_TYPES: Record<string, string> = {
  SMSTemplate: 'SMS',
  VoiceTemplate: 'VOICE',
  PushTemplate: 'PUSH',
};

interface Prepared {
  render: Render;
  message: ChannelMessage;
}

/** The templates the request names, or NotFoundException (as for an email template). */
async function templatesOf(c: PinpointContext, scope: Scope, other: OtherMessages) {
  const out: Record<string, VersionDoc> = {};
  const docs = new TemplateDocuments(c.store);
  for (const [member, ref] of Object.entries(other.templates)) {
    const typed = docs.typed(TEMPLATE_TYPES[member]);
    const t = await typed.template(scope, ref.name);
    const v = t && (await typed.version(scope, ref.name, ref.version ?? t.ActiveVersion));
    if (!v) throw notFound(RESOURCE_NOT_FOUND);
    out[member] = v;
  }
  return out;
}

/** What one channel's message says, from the request's parts and templates (see above). */
function contentFor(channel: string, other: OtherMessages, templates: Record<string, VersionDoc>) {
  const sources = sourcesOf(channel);
  const own = sources.messages.map((m) => other.messages[m]).find((m) => m !== undefined);
  const fallback = other.messages.DefaultMessage;
  const template = sources.template
    ? (templates[sources.template] as unknown as Record<string, unknown> | undefined)
    : undefined;
  const part = (
    template && sources.templatePart ? (template[sources.templatePart] ?? template.Default) : template
  ) as { Title?: string; Body?: string } | undefined;
  return {
    title: own?.title ?? part?.Title ?? fallback?.title,
    body: own?.body ?? part?.Body ?? fallback?.body,
    substitutions: mergeSubstitutions(fallback?.substitutions, own?.substitutions),
    defaults: template?.DefaultSubstitutions as string | undefined,
    detail: { ...(fallback?.detail ?? {}), ...(own?.detail ?? {}) },
  };
}

/** Whether the app's channel of that type is set up and enabled (channels/, kind `channel`). */
async function enabledChannels(c: PinpointContext, scope: Scope, appId: string, types: string[]) {
  const enabled = new Set<string>();
  for (const type of new Set(types)) {
    const doc = (await c.store.get<{ Enabled: boolean }>(scope, appId, 'channel', type))?.doc;
    if (doc?.Enabled) enabled.add(type);
  }
  return enabled;
}

/**
 * Prepares the captures (throwing, before anything is written, for bad input); the function it
 * returns captures them and resolves with each recipient's outcome, in order.
 */
export async function prepareCapture(
  c: PinpointContext,
  captured: CapturedMessages,
  scope: Scope,
  appId: string,
  other: OtherMessages,
  recipients: CapturedRecipient[],
): Promise<() => Promise<SendOutcome[]>> {
  if (recipients.length === 0) return () => Promise.resolve([]);
  const templates = await templatesOf(c, scope, other);
  const prepared: (Prepared | undefined)[] = recipients.map((r) => {
    const content = contentFor(r.channel, other, templates);
    const title = r.config.titleOverride ?? content.title;
    const body = r.config.bodyOverride ?? content.body;
    if (body === undefined) return undefined;
    const render = compileContent(c.ports.templates, {
      Subject: title,
      TextPart: body,
      DefaultSubstitutions: content.defaults,
    });
    return {
      render,
      message: {
        title,
        body,
        substitutions: mergeSubstitutions(content.substitutions, r.config.substitutions),
        detail: content.detail,
      },
    };
  });
  const enabled = await enabledChannels(
    c,
    scope,
    appId,
    recipients.map((r) => r.channel),
  );
  return () => capture(c, captured, scope, appId, recipients, prepared, enabled);
}

async function capture(
  c: PinpointContext,
  captured: CapturedMessages,
  scope: Scope,
  appId: string,
  recipients: CapturedRecipient[],
  prepared: (Prepared | undefined)[],
  enabled: Set<string>,
): Promise<SendOutcome[]> {
  const seen = new Set<string>();
  const outcomes: SendOutcome[] = [];
  for (const [i, r] of recipients.entries()) {
    const p = prepared[i];
    const refusal = refusalOf(r, p, enabled, seen);
    if (refusal) {
      outcomes.push(refusal);
      continue;
    }
    const rendered = p!.render({
      endpoint: r.endpoint,
      address: r.address!,
      substitutions: p!.message.substitutions,
    });
    const messageId = randomUUID();
    await captured.add(scope, {
      messageId,
      appId,
      channel: r.channel,
      destination: r.address!,
      endpointId: r.endpointId,
      title: p!.message.title === undefined ? undefined : rendered.subject,
      body: rendered.text ?? '',
      detail: p!.message.detail,
      capturedAt: c.clock(),
    });
    outcomes.push(sentOutcome(messageId));
  }
  return outcomes;
}

/** Pinpoint's own verdict before a capture; the texts are Pinpost's wording unless noted. */
function refusalOf(
  r: CapturedRecipient,
  p: Prepared | undefined,
  enabled: Set<string>,
  seen: Set<string>,
): SendOutcome | undefined {
  if (!enabled.has(r.channel))
    return refusedOutcome('PERMANENT_FAILURE', `The ${r.channel} channel is not enabled for this app`);
  if (!p) return refusedOutcome('PERMANENT_FAILURE', `The message has no body for the ${r.channel} channel`);
  if (r.endpoint?.OptOut === 'ALL')
    // "Destination phone number opted out" is Pinpoint's SMS text (recipients.ts).
    return refusedOutcome(
      'OPT_OUT',
      r.channel === 'SMS' || r.channel === 'VOICE'
        ? 'Destination phone number opted out'
        : 'Destination endpoint opted out',
    );
  if (r.endpoint?.EndpointStatus === 'INACTIVE')
    return refusedOutcome('PERMANENT_FAILURE', `Endpoint ${r.endpointId} is inactive`);
  if (!r.address) return refusedOutcome('PERMANENT_FAILURE', `Endpoint ${r.endpointId} has no address`);
  const key = `${r.channel}\u0000${r.address}`;
  if (seen.has(key))
    return refusedOutcome('DUPLICATE', `${r.address} is a duplicate of another recipient of this request`);
  seen.add(key);
  return undefined;
}
