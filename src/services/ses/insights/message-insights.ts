/**
 * SES v2 GetMessageInsights (APIReference-V2/API_GetMessageInsights.html): a message Pinpost sent,
 * read from sending's records (ses_sent_messages, ses_events, read only): its From address,
 * subject and tags, and per destination the events that concern it — SEND for every destination;
 * DELIVERY, BOUNCE, COMPLAINT and DELIVERY_DELAY for the recipients they name; OPEN and CLICK
 * (which name none) for every destination. Bounce and complaint details as the model shapes them
 * (Bounce.BounceType in upper case). Isp is left out: Pinpost does not know recipients' mailbox
 * providers. Authorized on "*" (list_amazonses.html names no resource type for it).
 */
import type { Database } from '../../../store/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { SesEvent, SesScope } from '../ports.js';
import { notFound } from '../control/errors.js';
import { scopeOf } from '../control/input.js';
import { SendingStore } from '../sending/store.js';
import type { Bounce, EventDetails, InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

type Detail = Record<string, Record<string, unknown> | undefined>;

/** The recipients an event names; undefined when it concerns the whole message. */
export function recipientsOf(e: {
  eventType: string;
  detail: Record<string, unknown>;
}): string[] | undefined {
  const d = e.detail as Detail;
  const addresses = (list: unknown) =>
    Array.isArray(list) ? list.map((r) => String((r as { emailAddress?: string }).emailAddress)) : [];
  switch (e.eventType) {
    case 'DELIVERY':
      return Array.isArray(d.delivery?.recipients) ? (d.delivery.recipients as string[]) : [];
    case 'BOUNCE':
      return addresses(d.bounce?.bouncedRecipients);
    case 'COMPLAINT':
      return addresses(d.complaint?.complainedRecipients);
    case 'DELIVERY_DELAY':
      return addresses(d.deliveryDelay?.delayedRecipients);
    default:
      return undefined;
  }
}

function detailsOf(e: SesEvent, recipient: string): EventDetails | undefined {
  const d = e.detail as Detail;
  if (e.eventType === 'BOUNCE' && d.bounce) {
    const who = (d.bounce.bouncedRecipients as { emailAddress: string; diagnosticCode?: string }[]).find(
      (r) => r.emailAddress === recipient,
    );
    return {
      Bounce: {
        // SES's event bounceType (Permanent, Transient, Undetermined) in the model's upper case.
        BounceType: String(d.bounce.bounceType).toUpperCase() as Bounce['BounceType'],
        BounceSubType: d.bounce.bounceSubType as string,
        DiagnosticCode: who?.diagnosticCode,
      },
    };
  }
  if (e.eventType === 'COMPLAINT' && d.complaint) {
    return {
      Complaint: {
        ComplaintSubType: d.complaint.complaintSubType as string | undefined,
        ComplaintFeedbackType: d.complaint.complaintFeedbackType as string | undefined,
      },
    };
  }
  return undefined;
}

/**
 * GetMessageInsights' answer for a message of the scope, or undefined; SES v2 export jobs
 * (control/v2-export-jobs.ts) export the same records.
 */
export async function messageInsights(store: SendingStore, scope: SesScope, messageId: string) {
  const sent = await store.message(messageId);
  if (!sent || sent.scope.account !== scope.account || sent.scope.region !== scope.region) return undefined;
  const events = await store.events(scope, messageId);
  const subject = sent.mail.commonHeaders.subject;
  return {
    MessageId: sent.messageId,
    FromEmailAddress: sent.mail.source,
    Subject: typeof subject === 'string' ? subject : undefined,
    EmailTags: Object.entries(sent.mail.tags)
      .filter(([name]) => !name.startsWith('ses:'))
      .flatMap(([Name, values]) => values.map((Value) => ({ Name, Value }))),
    Insights: sent.mail.destination.map((Destination) => ({
      Destination,
      Events: events
        .filter((e) => recipientsOf(e)?.includes(Destination) ?? true)
        .map((e) => ({ Timestamp: e.timestamp, Type: e.eventType, Details: detailsOf(e, Destination) })),
    })),
  };
}

export function messageInsightsOperation(db: Database): OperationSpec {
  const store = new SendingStore(db);
  return defineOperation<InputOf<'GetMessageInsights'>, OutputOf<'GetMessageInsights'>>({
    name: 'GetMessageInsights',
    action: 'ses:GetMessageInsights',
    resources: () => ['*'],
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      const insights = await messageInsights(store, scope, i.MessageId);
      // Pinpost's wording: no reply from AWS for an unknown message id was found.
      if (!insights) throw notFound(`Message <${i.MessageId}> was not found.`);
      return insights;
    },
  });
}
