/** Picks the transport `--transport` names. */
import type { MailboxStore } from '../mailbox/store.js';
import { captureTransport } from './capture.js';
import { lazyTransport } from './lazy.js';
import { limitedTransport } from './limited.js';
import type { Transport } from './types.js';

export interface TransportChoice {
  transport: 'capture' | 'smtp' | 'ses';
  smtpRelay?: string;
  sesUpstream?: string;
}

/** The most messages a remote transport (a relay, an upstream SES) takes at once (limited.ts). */
const REMOTE_AT_ONCE = 16;

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
  const atOnce = Math.min(deps.concurrency, REMOTE_AT_ONCE);
  switch (choice.transport) {
    case 'capture':
      return captureTransport(deps.mailbox, deps.outbox, deps.now);
    case 'smtp':
      if (!smtpRelay) throw new Error('the smtp transport needs --smtp-relay');
      return limitedTransport(
        lazyTransport('smtp', () => import('./smtp.js').then((m) => m.smtpTransport(smtpRelay, atOnce))),
        atOnce,
      );
    case 'ses':
      if (!sesUpstream) throw new Error('the ses transport needs --ses-upstream');
      return limitedTransport(
        lazyTransport('ses', () => import('./ses.js').then((m) => m.sesTransport(sesUpstream))),
        atOnce,
      );
  }
}
