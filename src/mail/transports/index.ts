/** Picks the transport `--transport` names. */
import type { MailboxStore } from '../mailbox/store.js';
import { captureTransport } from './capture.js';
import { sesTransport } from './ses.js';
import { smtpTransport } from './smtp.js';
import type { Transport } from './types.js';

export interface TransportChoice {
  transport: 'capture' | 'smtp' | 'ses';
  smtpRelay?: string;
  sesUpstream?: string;
}

export function createTransport(
  choice: TransportChoice,
  deps: { mailbox: MailboxStore; now: () => number; concurrency: number },
): Transport {
  switch (choice.transport) {
    case 'capture':
      return captureTransport(deps.mailbox, deps.now);
    case 'smtp':
      if (!choice.smtpRelay) throw new Error('the smtp transport needs --smtp-relay');
      return smtpTransport(choice.smtpRelay, deps.concurrency);
    case 'ses':
      if (!choice.sesUpstream) throw new Error('the ses transport needs --ses-upstream');
      return sesTransport(choice.sesUpstream);
  }
}
