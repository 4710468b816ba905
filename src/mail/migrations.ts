/**
 * The mail context's schema: the durable outbox and the captured mailbox. Times are epoch
 * milliseconds (INTEGER) so due-time comparisons are plain integer compares; message bytes are
 * base64 TEXT because the store's portable value types have no binary (store/dialect.ts).
 */
import type { Migration } from '../store/index.js';

export const mailMigrations: readonly Migration[] = [
  {
    context: 'mail',
    version: 1,
    name: 'outbox and mailbox',
    up: `
      CREATE TABLE mail_outbox (
        id INTEGER PRIMARY KEY,
        message_id TEXT NOT NULL,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        envelope_from TEXT NOT NULL,
        recipients TEXT NOT NULL,
        configuration_set TEXT,
        raw TEXT,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        enqueued_at INTEGER NOT NULL,
        delivered_at INTEGER,
        last_error TEXT
      );
      CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, id) WHERE status = 'queued';
      CREATE INDEX mail_outbox_message ON mail_outbox (message_id);
      CREATE TABLE mail_mailbox (
        seq INTEGER PRIMARY KEY,
        outbox_id INTEGER NOT NULL UNIQUE,
        message_id TEXT NOT NULL,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        envelope_from TEXT NOT NULL,
        from_address TEXT NOT NULL,
        from_text TEXT NOT NULL,
        subject TEXT NOT NULL,
        to_json TEXT NOT NULL,
        cc_json TEXT NOT NULL,
        bcc_json TEXT NOT NULL,
        recipients_key TEXT NOT NULL,
        size INTEGER NOT NULL,
        raw TEXT NOT NULL,
        text_body TEXT,
        html_body TEXT,
        bodies_parsed INTEGER NOT NULL
      );
      CREATE INDEX mail_mailbox_message ON mail_mailbox (message_id);
    `,
  },
];
