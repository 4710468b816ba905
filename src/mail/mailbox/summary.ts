/** A message as `/_pinpost/mailbox` lists it (also the head of its one-message view and of `/wait`). */
import type { MailboxRecord } from './store.js';

export const MAILBOX_PREFIX = '/_pinpost/mailbox';

export function summary(r: MailboxRecord) {
  return {
    id: r.messageId,
    account: r.account,
    region: r.region,
    timestamp: r.receivedAt.toISOString(),
    /** accepted (queued for delivery), delivered, or failed. */
    status: r.status,
    /** sent (SES, SMTP), or received: handed to POST /_pinpost/ses/inbound, it has no outbox row. */
    direction: r.outboxId < 0 ? 'received' : 'sent',
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    envelopeFrom: r.envelopeFrom,
    source: r.fromAddress,
    from: r.fromText,
    to: r.to,
    cc: r.cc,
    bcc: r.bcc,
    subject: r.subject,
    size: r.size,
    eml: `${MAILBOX_PREFIX}/${encodeURIComponent(r.messageId)}.eml`,
  };
}
