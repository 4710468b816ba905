/**
 * The `capture` transport (the default): delivery is a row in the local mailbox. The headers are
 * parsed here, off the outbox transaction; the row itself is written by the worker in the same
 * transaction that marks the message delivered.
 */
import type { OutgoingMessage } from '../../services/ses/ports.js';
import { bareAddress, type MailboxStore } from '../mailbox/store.js';

// The header reader (libmime) loads with the first captured message, not at start.
let headers: Promise<typeof import('../mailbox/headers.js')> | undefined;
const loadHeaders = () => (headers ??= import('../mailbox/headers.js'));
import type { Transport } from './types.js';

export function captureTransport(mailbox: MailboxStore, now: () => number): Transport {
  return {
    name: 'capture',
    async send(message: OutgoingMessage, outboxId: number) {
      const h = (await loadHeaders()).readHeaders(message.raw);
      const shown = new Set([...h.to, ...h.cc].map(bareAddress));
      // Bcc recipients are in the envelope only (the composer leaves the header out, as SES does).
      const bcc = message.recipients.filter((r) => !shown.has(bareAddress(r)));
      const commit = () =>
        mailbox.insert({
          outboxId,
          messageId: message.messageId,
          account: message.scope.account,
          region: message.scope.region,
          receivedAt: new Date(now()),
          envelopeFrom: message.envelopeFrom,
          fromAddress: h.fromAddress || message.envelopeFrom,
          fromText: h.fromText || message.envelopeFrom,
          subject: h.subject,
          to: h.to,
          cc: h.cc,
          bcc,
          raw: message.raw,
          recipients: message.recipients,
        });
      return { recipients: message.recipients, commit };
    },
    close: async () => undefined,
  };
}
