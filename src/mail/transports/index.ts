/** Picks the transport `--transport` names. */
import type { MailboxStore } from '../mailbox/store.js';
import { captureTransport } from './capture.js';
import { lazyTransport } from './lazy.js';
import type { Transport } from './types.js';

export interface TransportChoice {
  transport: 'capture' | 'smtp' | 'ses';
  smtpRelay?: string;
  sesUpstream?: string;
}

/**
 * The most connections a relay gets: deliveries past them wait in nodemailer's pool, so a batch of
 * deliveries (outbox/worker.ts) does not open a connection each.
 */
const SMTP_CONNECTIONS = 16;

export function createTransport(
  choice: TransportChoice,
  deps: {
    mailbox: MailboxStore;
    outbox: { inMailbox(id: number): Promise<boolean> };
    now: () => number;
    concurrency: number;
  },
): Transport {
  const { smtpRelay, sesUpstream } = choice;
  switch (choice.transport) {
    case 'capture':
      return captureTransport(deps.mailbox, deps.outbox, deps.now);
    case 'smtp':
      if (!smtpRelay) throw new Error('the smtp transport needs --smtp-relay');
      return lazyTransport('smtp', () =>
        import('./smtp.js').then((m) =>
          m.smtpTransport(smtpRelay, Math.min(deps.concurrency, SMTP_CONNECTIONS)),
        ),
      );
    case 'ses':
      if (!sesUpstream) throw new Error('the ses transport needs --ses-upstream');
      return lazyTransport('ses', () => import('./ses.js').then((m) => m.sesTransport(sesUpstream)));
  }
}
