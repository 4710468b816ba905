/**
 * The mail context's schema: the durable outbox and the captured mailbox (it needs the jobs
 * context's `pinpost_jobs`: open it with jobMigrations too). Times are epoch
 * milliseconds (INTEGER) so due-time comparisons are plain integer compares; message bytes are
 * base64 TEXT because the store's portable value types have no binary (store/dialect.ts).
 */
import { postgresDialect, type Migration } from '../store/index.js';

const V1 = `
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
    `;

const V2 = `
      ALTER TABLE mail_outbox ADD COLUMN in_mailbox INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE mail_mailbox_v2 (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
        bodies_parsed INTEGER NOT NULL,
        status TEXT NOT NULL,
        delivered_at INTEGER
      );
      INSERT INTO mail_mailbox_v2 (seq, outbox_id, message_id, account, region, received_at, envelope_from,
        from_address, from_text, subject, to_json, cc_json, bcc_json, recipients_key, size, raw, text_body,
        html_body, bodies_parsed, status, delivered_at)
      SELECT seq, outbox_id, message_id, account, region, received_at, envelope_from, from_address, from_text,
        subject, to_json, cc_json, bcc_json, recipients_key, size, raw, text_body, html_body, bodies_parsed,
        'delivered', received_at
      FROM mail_mailbox;
      DROP TABLE mail_mailbox;
      ALTER TABLE mail_mailbox_v2 RENAME TO mail_mailbox;
      CREATE INDEX mail_mailbox_message ON mail_mailbox (message_id);
      CREATE INDEX mail_mailbox_received ON mail_mailbox (received_at);
      CREATE INDEX mail_mailbox_account ON mail_mailbox (account);
    `;

export const mailMigrations: readonly Migration[] = [
  {
    context: 'mail',
    version: 1,
    name: 'outbox and mailbox',
    // SQLite's INTEGER PRIMARY KEY numbers rows itself; PostgreSQL needs an identity column for the
    // same. The SQLite text is this version's as first shipped (databases on disk applied it).
    up: {
      sqlite: V1,
      postgres: postgresDialect.ddl(
        V1.replace('id INTEGER PRIMARY KEY,', 'id INTEGER PRIMARY KEY AUTOINCREMENT,').replace(
          'seq INTEGER PRIMARY KEY,',
          'seq INTEGER PRIMARY KEY AUTOINCREMENT,',
        ),
      ),
    },
  },
  {
    context: 'mail',
    version: 2,
    name: 'mailbox lists accepted mail (read-your-writes) with its delivery state',
    // mail_outbox.in_mailbox: the capture transport listed the message in the mailbox when it was
    // queued, so delivery only marks that row (and never brings back a message deleted in between);
    // rows queued before this version, or under another transport, are listed at delivery.
    // mail_mailbox is rebuilt with AUTOINCREMENT: a seq is never reused after a delete, so "rows
    // newer than seq N" (waiters, page tokens) never skips a new message. Mail already in the
    // mailbox was delivered when it was captured.
    // PostgreSQL: copying rows with their seq does not move the identity's sequence; set it past them.
    up: {
      sqlite: V2,
      postgres: `${postgresDialect.ddl(V2)}
        SELECT setval(pg_get_serial_sequence('mail_mailbox', 'seq'), coalesce(max(seq), 0) + 1, false)
        FROM mail_mailbox;`,
    },
  },
  {
    context: 'mail',
    version: 3,
    name: 'queued mail becomes mail-delivery jobs',
    // Deliveries are jobs of the one job mechanism (src/jobs; its context migrates first): a queued
    // row has a `mail-delivery` job keyed by its id, due at its next attempt. The row keeps its
    // attempts (the retry policy counts them); the job's own start at 0. A statement, not DDL: the
    // dialect's type translation would turn the CAST into `TEXT COLLATE "C"`, which PostgreSQL
    // does not take there.
    up: async (db) => {
      await db.run(
        `INSERT INTO pinpost_jobs (kind, job_key, payload, state, run_at, attempts, created_at)
         SELECT 'mail-delivery', CAST(id AS TEXT), 'null', 'ready', next_attempt_at, 0, enqueued_at
         FROM mail_outbox WHERE status = 'queued'
         ON CONFLICT (kind, job_key) DO NOTHING`,
      );
    },
  },
];
