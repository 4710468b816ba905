/**
 * Messaging's schema (context `pinpoint-messaging`): the delivery ledger. One row per message the
 * engine sent under an idempotency key (OutgoingEmail.ledgerKey), written inside SES's own send
 * transaction, so a message is never sent twice for one key and never sent without its row.
 */
import type { Migration } from '../../../store/index.js';

export const ledgerMigrations: readonly Migration[] = [
  {
    context: 'pinpoint-messaging',
    version: 1,
    name: 'delivery ledger',
    up: `
      CREATE TABLE pinpoint_delivery_ledger (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        ledger_key TEXT NOT NULL,
        message_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (account, region, ledger_key)
      );
    `,
  },
];
