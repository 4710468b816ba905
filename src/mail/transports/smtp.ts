/**
 * The `smtp` transport: relays the exact bytes with nodemailer's SMTP transport to
 * `--smtp-relay smtp://user:pass@host:port` (nodemailer.com/smtp/: a connection URL; `smtps://`
 * is TLS from the start, `smtp://` upgrades with STARTTLS whenever the server offers it; query
 * options such as `?tls.rejectUnauthorized=false` pass through). The envelope is the outbox's
 * (MAIL FROM, RCPT TO), not the headers', so Bcc recipients get their copy.
 * A refusal nodemailer marks permanent (a 5xx reply, except 503) is not retried.
 */
import nodemailer from 'nodemailer';
import type { NodemailerError } from 'nodemailer';
import type { OutgoingMessage } from '../../services/ses/ports.js';
import { PermanentDeliveryError, type Transport } from './types.js';

export function smtpTransport(relayUrl: string, maxConnections: number): Transport {
  // Pooled connections reused across messages (the pool reconnects on its own), one per worker slot.
  const transporter = nodemailer.createTransport({
    url: relayUrl,
    pool: true,
    maxConnections,
    logger: false,
  });
  return {
    name: 'smtp',
    async send(message: OutgoingMessage) {
      try {
        const info = await transporter.sendMail({
          envelope: { from: message.envelopeFrom, to: message.recipients },
          raw: message.raw,
        });
        return { recipients: info.accepted.map(String), response: info.response };
      } catch (err) {
        const e = err as NodemailerError;
        if (e.permanent === true)
          throw new PermanentDeliveryError(`${e.responseCode ?? ''} ${e.response ?? e.message}`);
        throw err;
      }
    },
    close: async () => transporter.close(),
  };
}
