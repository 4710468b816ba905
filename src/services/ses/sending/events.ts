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

export interface DeliveryRecorder {
  /** The transport accepted the message for these recipients. False when the message is unknown. */
  recordDelivery(messageId: string, recipients: string[], smtpResponse?: string, at?: Date): Promise<boolean>;
  /** Delivery is being retried for these recipients (a temporary failure). */
  recordDeliveryDelay(
    messageId: string,
    recipients: string[],
    diagnosticCode: string,
    at?: Date,
  ): Promise<boolean>;
}

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
  return {
    recordDelivery: (messageId, recipients, smtpResponse = '250 2.0.0 OK', at) =>
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
