/**
 * EventPort over the sending store, and what mail delivery calls when the outbox delivers (or
 * keeps retrying) a message: Delivery and DeliveryDelay events of that message, built from the
 * `mail` object recorded when it was sent.
 */
import type { EventPort, SesEvent } from '../ports.js';
import { deliveryDelayDetail, deliveryDetail } from './event-details.js';
import type { MailObject, SendingStore } from './store.js';

export function eventPort(store: SendingStore): EventPort {
  return {
    // Events recorded from outside (Open/Click by tracking) count in the statistics like SES's own.
    record: (event: SesEvent) => store.addEvent(event, true),
    ofMessage: (scope, messageId) => store.events(scope, messageId),
  };
}

/** One message the transport accepted (recordDeliveries). */
export interface Delivery {
  messageId: string;
  recipients: string[];
  smtpResponse?: string;
}

export interface DeliveryRecorder {
  /** The transport accepted the message for these recipients. False when the message is unknown. */
  recordDelivery(messageId: string, recipients: string[], smtpResponse?: string, at?: Date): Promise<boolean>;
  /**
   * recordDelivery for a batch the outbox delivered together: the messages read in one statement,
   * their events recorded together (SendingStore.addEvents). How many were known.
   */
  recordDeliveries(deliveries: Delivery[], at?: Date): Promise<number>;
  /** Delivery is being retried for these recipients (a temporary failure). */
  recordDeliveryDelay(
    messageId: string,
    recipients: string[],
    diagnosticCode: string,
    at?: Date,
  ): Promise<boolean>;
}

/** The reply a Delivery event names when the transport gave none. */
const DEFAULT_RESPONSE = '250 2.0.0 OK';

export function deliveryRecorder(store: SendingStore, clock: () => Date): DeliveryRecorder {
  // The sent message is read once per event: its scope and configuration set, and the `mail`
  // object the event detail repeats.
  const record = async (
    messageId: string,
    type: 'DELIVERY' | 'DELIVERY_DELAY',
    build: (mail: MailObject, at: Date) => Record<string, unknown>,
    at?: Date,
  ) => {
    const sent = await store.message(messageId);
    if (!sent) return false;
    const when = at ?? clock();
    await store.addEvent(
      {
        messageId,
        scope: sent.scope,
        eventType: type,
        timestamp: when,
        configurationSetName: sent.configurationSetName,
        detail: build(sent.mail, when),
      },
      true,
    );
    return true;
  };
  const recordDeliveries = async (deliveries: Delivery[], at?: Date): Promise<number> => {
    const sent = await store.messages(deliveries.map((d) => d.messageId));
    const when = at ?? clock();
    const events: SesEvent[] = [];
    for (const d of deliveries) {
      const m = sent.get(d.messageId);
      if (!m) continue;
      events.push({
        messageId: d.messageId,
        scope: m.scope,
        eventType: 'DELIVERY',
        timestamp: when,
        configurationSetName: m.configurationSetName,
        detail: deliveryDetail(m.mail, when, d.recipients, d.smtpResponse ?? DEFAULT_RESPONSE),
      });
    }
    await store.addEvents(events, true);
    return events.length;
  };
  return {
    recordDeliveries,
    recordDelivery: (messageId, recipients, smtpResponse = DEFAULT_RESPONSE, at) =>
      record(messageId, 'DELIVERY', (mail, w) => deliveryDetail(mail, w, recipients, smtpResponse), at),
    recordDeliveryDelay: (messageId, recipients, diagnosticCode, at) =>
      record(
        messageId,
        'DELIVERY_DELAY',
        (mail, w) => deliveryDelayDetail(mail, w, recipients, diagnosticCode),
        at,
      ),
  };
}
