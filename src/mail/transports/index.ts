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
        import('./smtp.js').then((m) => m.smtpTransport(smtpRelay, deps.concurrency)),
      );
    case 'ses':
      if (!sesUpstream) throw new Error('the ses transport needs --ses-upstream');
      return lazyTransport('ses', () => import('./ses.js').then((m) => m.sesTransport(sesUpstream)));
  }
}
