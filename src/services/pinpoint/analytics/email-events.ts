/**
 * SES's events of a message the engine sent → Pinpoint's `_email.*` events, in the shape Pinpoint
 * streams them (developerguide/event-streams-data-email.html, "Email event attributes"): the
 * event types `_email.send`, `_email.delivered`, `_email.rejected`, `_email.hardbounce`,
 * `_email.softbounce`, `_email.complaint`, `_email.open`, `_email.click`, `_email.unsubscribe`,
 * `_email.rendering_failure`. SES's DELIVERY_DELAY has no Pinpoint counterpart and is dropped.
 */
import { createHash } from 'node:crypto';
import type { SesEvent } from '../../ses/ports.js';
import type { Attribution, PinpointEvent } from '../ports.js';

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);

/** The Pinpoint event type of an SES event, or undefined when Pinpoint has none. */
export function emailEventType(e: SesEvent): string | undefined {
  switch (e.eventType) {
    case 'SEND':
      return '_email.send';
    case 'DELIVERY':
      return '_email.delivered';
    case 'REJECT':
      return '_email.rejected';
    case 'BOUNCE': {
      // SES bounceType Permanent is a hard bounce; Transient and Undetermined are soft.
      const bounce = e.detail.bounce;
      return isObject(bounce) && bounce.bounceType === 'Permanent'
        ? '_email.hardbounce'
        : '_email.softbounce';
    }
    case 'COMPLAINT':
      return '_email.complaint';
    case 'OPEN':
      return '_email.open';
    case 'CLICK':
      return '_email.click';
    case 'RENDERING_FAILURE':
      return '_email.rendering_failure';
    case 'SUBSCRIPTION':
      return unsubscribed(e.detail) ? '_email.unsubscribe' : undefined;
    default:
      return undefined;
  }
}

/** A subscription event is an unsubscribe when the recipient left the list or a topic. */
function unsubscribed(detail: Raw): boolean {
  const sub = detail.subscription;
  if (!isObject(sub) || !isObject(sub.newTopicPreferences)) return false;
  const prefs = sub.newTopicPreferences;
  if (prefs.unsubscribeAll === true) return true;
  const topics = Array.isArray(prefs.topicSubscriptionStatus) ? prefs.topicSubscriptionStatus : [];
  return topics.some((t) => isObject(t) && t.subscriptionStatus === 'OptOut');
}

/**
 * The `feedback` attribute: the clicked link for clicks; otherwise a word for the event, as AWS's
 * samples show for sends (`received`), deliveries (`delivered`) and opens (`opened`). AWS shows no
 * sample for the others: their words are Pinpost's.
 */
function feedback(type: string, detail: Raw): string {
  if (type === '_email.click' && isObject(detail.click) && typeof detail.click.link === 'string')
    return detail.click.link;
  const words: Record<string, string> = {
    '_email.send': 'received',
    '_email.delivered': 'delivered',
    '_email.open': 'opened',
    '_email.rejected': 'rejected',
    '_email.hardbounce': 'bounced',
    '_email.softbounce': 'bounced',
    '_email.complaint': 'complaint',
    '_email.unsubscribe': 'unsubscribed',
    '_email.rendering_failure': 'rendering_failure',
  };
  return words[type] ?? type;
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** SES's camelCase members in Pinpoint's snake_case (`smtpResponse` → `smtp_response`). */
export function snakeKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(snakeKeys);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [snake(k), snakeKeys(x)]));
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);

/** The address an event concerns: the bounced/complained recipient, else the message's one recipient. */
function addressOf(detail: Raw, mail: Raw): string | undefined {
  const list =
    (isObject(detail.bounce) && detail.bounce.bouncedRecipients) ||
    (isObject(detail.complaint) && detail.complaint.complainedRecipients);
  if (Array.isArray(list) && isObject(list[0]) && typeof list[0].emailAddress === 'string')
    return list[0].emailAddress;
  return strings(mail.destination)[0];
}

/** Transactional sends have no endpoint; AWS reports a UUID as client_id, stable per message here. */
function clientId(a: Attribution, messageId: string): string {
  if (a.endpointId) return a.endpointId;
  const h = createHash('sha256').update(messageId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The `_email.*` event of an SES event for an attributed message, or undefined when Pinpoint
 * reports none. `now` is the arrival time (`arrival_timestamp`).
 */
export function emailEvent(e: SesEvent, a: Attribution, now: Date): PinpointEvent | undefined {
  const type = emailEventType(e);
  if (!type) return undefined;
  const mail = isObject(e.detail.mail) ? e.detail.mail : {};
  const sentAt = typeof mail.timestamp === 'string' ? Date.parse(mail.timestamp) : e.timestamp.getTime();
  const attributes: Record<string, string> = { feedback: feedback(type, e.detail) };
  // "For standard campaigns and transactional email messages, this value is 0."
  attributes.treatment_id = a.treatmentId ?? '0';
  if (a.campaignId) attributes.campaign_id = a.campaignId;
  const activity = a.activityId ?? a.runId;
  if (activity) attributes.campaign_activity_id = activity;
  if (a.journeyId) attributes.journey_id = a.journeyId;
  // A journey's message names its activity and run (developerguide/event-streams-data-journey.html).
  if (a.journeyActivityId) attributes.journey_activity_id = a.journeyActivityId;
  if (a.journeyRunId) attributes.journey_run_id = a.journeyRunId;
  // The SES record's own member (`delivery`, `bounce`, `click`, `failure`, …) becomes the facet's.
  const own = Object.entries(e.detail).find(([k]) => k !== 'eventType' && k !== 'mail');
  const record = {
    event_type: type,
    event_timestamp: sentAt,
    arrival_timestamp: now.getTime(),
    event_version: '3.1',
    application: { app_id: a.appId, sdk: {} },
    client: { client_id: clientId(a, e.messageId) },
    device: { platform: {} },
    session: {},
    attributes,
    client_context: { custom: { legacy_identifier: a.appId } },
    awsAccountId: e.scope.account,
    facets: {
      email_channel: {
        mail_event: {
          mail: {
            message_id: e.messageId,
            message_send_timestamp: sentAt,
            from_address: a.fromAddress ?? mail.source,
            destination: strings(mail.destination),
            headers_truncated: mail.headersTruncated ?? false,
            headers: mail.headers ?? [],
            common_headers: mail.commonHeaders ?? {},
          },
          ...(own ? { [own[0]]: snakeKeys(own[1]) } : {}),
        },
      },
    },
  };
  return {
    eventType: type,
    timestamp: e.timestamp,
    appId: a.appId,
    endpointId: a.endpointId,
    attributes,
    messageId: e.messageId,
    address: addressOf(e.detail, mail),
    campaignId: a.campaignId,
    treatmentId: a.treatmentId,
    record,
  };
}
