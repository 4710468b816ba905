/**
 * The `capture` transport (the default): delivery is the local mailbox. A message queued under this
 * transport was listed in the mailbox by the transaction that queued it (read-your-writes); the
 * worker marks that listing delivered in the transaction that marks the outbox row, so there is
 * nothing left to write here. A row queued otherwise (before the mailbox listed accepted mail, or
 * under another transport) is listed now, in that same transaction, once.
 */
import type { OutgoingMessage } from '../../services/ses/ports.js';
import { mailboxRecord } from '../mailbox/listing.js';
import type { MailboxStore } from '../mailbox/store.js';
import type { Transport } from './types.js';

export function captureTransport(
  mailbox: MailboxStore,
  outbox: { inMailbox(id: number): Promise<boolean> },
  now: () => number,
): Transport {
  return {
    name: 'capture',
    async send(message: OutgoingMessage, outboxId: number) {
      if (await outbox.inMailbox(outboxId)) return { recipients: message.recipients };
      const record = mailboxRecord(message, outboxId, new Date(now()), 'delivered');
      return { recipients: message.recipients, commit: () => mailbox.insert(record) };
    },
    close: async () => undefined,
  };
}
