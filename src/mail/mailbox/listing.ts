/**
 * What the mailbox lists of an outgoing message: the header fields searches need (From, To, Cc,
 * Subject), and the Bcc recipients, who are in the envelope only (the composer leaves the header
 * out, as SES does).
 */
import type { OutgoingMessage } from '../../services/ses/ports.js';
import { readHeaders } from './headers.js';
import { bareAddress, type DeliveryStatus, type NewMailboxRecord } from './store.js';

export function mailboxRecord(
  message: OutgoingMessage,
  outboxId: number,
  at: Date,
  status: DeliveryStatus,
): NewMailboxRecord {
  const h = readHeaders(message.raw);
  const shown = new Set([...h.to, ...h.cc].map(bareAddress));
  return {
    outboxId,
    messageId: message.messageId,
    account: message.scope.account,
    region: message.scope.region,
    receivedAt: at,
    envelopeFrom: message.envelopeFrom,
    fromAddress: h.fromAddress || message.envelopeFrom,
    fromText: h.fromText || message.envelopeFrom,
    subject: h.subject,
    to: h.to,
    cc: h.cc,
    bcc: message.recipients.filter((r) => !shown.has(bareAddress(r))),
    raw: message.raw,
    recipients: message.recipients,
    status,
  };
}
