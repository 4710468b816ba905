/**
 * Event records in the shape SES publishes them (event-publishing-retrieving-sns-contents.html):
 * `{eventType, mail, <type-specific object>}`. `eventType` is spelled as SES spells it
 * ("Rendering Failure", "DeliveryDelay").
 */
import { randomUUID } from 'node:crypto';
import type { SesEventType } from '../ports.js';
import type { MailObject } from './store.js';

const EVENT_TYPE_NAMES: Record<SesEventType, string> = {
  SEND: 'Send',
  REJECT: 'Reject',
  BOUNCE: 'Bounce',
  COMPLAINT: 'Complaint',
  DELIVERY: 'Delivery',
  OPEN: 'Open',
  CLICK: 'Click',
  RENDERING_FAILURE: 'Rendering Failure',
  DELIVERY_DELAY: 'DeliveryDelay',
  SUBSCRIPTION: 'Subscription',
};

export const REPORTING_MTA = 'dsn; a8-96.smtp-out.amazonses.com';

function record(type: SesEventType, mail: MailObject, key: string, body: Record<string, unknown>) {
  return { eventType: EVENT_TYPE_NAMES[type], mail, [key]: body };
}

export const sendDetail = (mail: MailObject) => record('SEND', mail, 'send', {});

export function deliveryDetail(mail: MailObject, at: Date, recipients: string[], smtpResponse: string) {
  return record('DELIVERY', mail, 'delivery', {
    timestamp: at.toISOString(),
    processingTimeMillis: Math.max(0, at.getTime() - Date.parse(mail.timestamp)),
    recipients,
    smtpResponse,
    reportingMTA: 'a8-96.smtp-out.amazonses.com',
  });
}

export interface BouncedRecipient {
  emailAddress: string;
  action?: string;
  status?: string;
  diagnosticCode?: string;
}

export function bounceDetail(
  mail: MailObject,
  at: Date,
  bounceType: 'Permanent' | 'Transient' | 'Undetermined',
  bounceSubType: string,
  bouncedRecipients: BouncedRecipient[],
) {
  return record('BOUNCE', mail, 'bounce', {
    bounceType,
    bounceSubType,
    bouncedRecipients,
    timestamp: at.toISOString(),
    feedbackId: `${mail.messageId.slice(0, 16)}-${randomUUID()}-000000`,
    reportingMTA: REPORTING_MTA,
  });
}

export function complaintDetail(mail: MailObject, at: Date, recipients: string[]) {
  return record('COMPLAINT', mail, 'complaint', {
    complainedRecipients: recipients.map((emailAddress) => ({ emailAddress })),
    timestamp: at.toISOString(),
    feedbackId: `${mail.messageId.slice(0, 16)}-${randomUUID()}-000000`,
    userAgent: 'Amazon SES Mailbox Simulator',
    complaintFeedbackType: 'abuse',
    arrivalDate: at.toISOString(),
  });
}

export function renderingFailureDetail(mail: MailObject, templateName: string, errorMessage: string) {
  return record('RENDERING_FAILURE', mail, 'failure', { templateName, errorMessage });
}

export function deliveryDelayDetail(
  mail: MailObject,
  at: Date,
  recipients: string[],
  diagnosticCode: string,
) {
  return record('DELIVERY_DELAY', mail, 'deliveryDelay', {
    timestamp: at.toISOString(),
    delayType: 'TransientCommunicationFailure',
    expirationTime: new Date(Date.parse(mail.timestamp) + 14 * 3_600_000).toISOString(),
    delayedRecipients: recipients.map((emailAddress) => ({ emailAddress, status: '4.4.1', diagnosticCode })),
    reportingMTA: 'a8-96.smtp-out.amazonses.com',
  });
}
