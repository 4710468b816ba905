/**
 * Mail delivery: MIME with nodemailer, DKIM, the durable outbox and its worker, the transports
 * (capture into the mailbox, SMTP relay, upstream SES), and the mailbox's HTTP routes.
 */
import type { Logger } from 'pino';
import type { InternalRoute } from '../server/internal-routes.js';
import type { EventPort, MimePort, OutboxPort } from '../services/ses/ports.js';
import type { Database, Migration } from '../store/index.js';

export const mailMigrations: readonly Migration[] = [];

export interface MailOptions {
  transport: 'capture' | 'smtp' | 'ses';
  smtpRelay?: string;
  sesUpstream?: string;
  log: Logger;
}

export interface Mail {
  mime: MimePort;
  outbox: OutboxPort;
  /** `/_aws/ses` and `/_pinpost/mailbox`. */
  routes(events: EventPort): InternalRoute[];
  /** Starts delivering queued messages (those left by a previous run first). */
  start(): void;
  stop(): Promise<void>;
}

/** Until delivery lands: nothing can be queued, and the mailbox has no routes. */
export function createMail(_db: Database, _options: MailOptions): Mail {
  const refuse = (): never => {
    throw new Error('mail delivery is not available in this build');
  };
  return {
    mime: { build: refuse, sign: refuse },
    outbox: { enqueue: refuse },
    routes: () => [],
    start: () => undefined,
    stop: async () => undefined,
  };
}
