/**
 * SES email receiving: the account's active receipt rule set run on mail handed to
 * `POST /_pinpost/ses/inbound` (route.ts, engine.ts). Not through the SMTP port: that is SES's
 * authenticated sending interface, and accepting unauthenticated mail there would make it a
 * receiving MTA open to anyone who can reach it.
 */
import type { Database } from '../../../store/index.js';
import { MailboxStore } from '../../../mail/mailbox/store.js';
import type { InternalRoute } from '../../../server/internal-routes.js';
import type { SesControl } from '../control/index.js';
import { receiptState } from '../control/index.js';
import type { MimePort, OutboxPort } from '../ports.js';
import { inboundRoute } from './route.js';
import { sendBounceOperation } from './send-bounce.js';
import type { OperationSpec } from '../../../wire/operation.js';

export { INBOUND_PATH } from './route.js';

export interface ReceivingOptions {
  importRoot?: string;
  mail: { mime: MimePort; outbox: OutboxPort };
  now(): Date;
}

export function receivingRoutes(
  db: Database,
  control: SesControl,
  options: ReceivingOptions,
): InternalRoute[] {
  return [
    inboundRoute({
      db,
      mailbox: new MailboxStore(db),
      state: (scope) => receiptState(control, scope),
      importRoot: options.importRoot,
      mime: options.mail.mime,
      outbox: options.mail.outbox,
      now: options.now,
    }),
  ];
}

/** SendBounce, to register with the v1 operations (a bounce to mail the route received). */
export function receivingV1Operations(
  db: Database,
  control: SesControl,
  options: ReceivingOptions,
): OperationSpec[] {
  return [
    sendBounceOperation({
      mailbox: new MailboxStore(db),
      identities: control.identities,
      mime: options.mail.mime,
      outbox: options.mail.outbox,
      now: options.now,
    }),
  ];
}
