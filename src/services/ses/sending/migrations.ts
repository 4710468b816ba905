/**
 * Sending's tables (context `ses-sending`): one row per accepted message (what later events need
 * to describe it, and the recipient counts the quotas and GetSendStatistics read), and the events
 * recorded per message (kept for event destinations and the mailbox).
 */
import type { Migration } from '../../../store/index.js';

/** SQL for floor(ms / 60000): SQLite's integer division truncates toward zero. */
const MINUTE_OF = (ms: string) =>
  `(CASE WHEN ${ms} >= 0 THEN ${ms} / 60000 ELSE -((59999 - ${ms}) / 60000) END)`;

export const sendingMigrations: readonly Migration[] = [
  {
    context: 'ses-sending',
    version: 1,
    name: 'messages and events',
    up: `
      CREATE TABLE ses_sent_messages (
        message_id TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        sent_at INTEGER NOT NULL,
        -- recipients counted against the quotas (the mailbox simulator's are not)
        counted INTEGER NOT NULL,
        configuration_set TEXT,
        mail TEXT NOT NULL
      );
      CREATE INDEX ses_sent_messages_scope_time ON ses_sent_messages (account, region, sent_at);
      CREATE TABLE ses_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        message_id TEXT NOT NULL,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        event_type TEXT NOT NULL,
        at INTEGER NOT NULL,
        configuration_set TEXT,
        -- events of the mailbox simulator do not count in GetSendStatistics
        counted INTEGER NOT NULL,
        detail TEXT NOT NULL
      );
      CREATE INDEX ses_events_message ON ses_events (message_id);
      CREATE INDEX ses_events_scope_time ON ses_events (account, region, at);
    `,
  },
  {
    // The 24-hour quota summed every row of the window on each send (O(sends per day)); per-minute
    // totals kept by a trigger, in the inserting transaction, let it sum at most 1,441 totals and
    // the rows of one minute (store.ts countedSince). Minutes are floored, also before 1970.
    context: 'ses-sending',
    version: 2,
    name: 'recipients counted per minute',
    up: {
      sqlite: `
      CREATE TABLE ses_sent_minutes (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        minute INTEGER NOT NULL,
        counted INTEGER NOT NULL,
        PRIMARY KEY (account, region, minute)
      ) WITHOUT ROWID;
      INSERT INTO ses_sent_minutes (account, region, minute, counted)
        SELECT account, region, ${MINUTE_OF('sent_at')}, sum(counted) FROM ses_sent_messages
        WHERE counted > 0 GROUP BY 1, 2, 3;
      CREATE TRIGGER ses_sent_messages_minutes AFTER INSERT ON ses_sent_messages
      WHEN NEW.counted > 0 BEGIN
        INSERT INTO ses_sent_minutes (account, region, minute, counted)
        VALUES (NEW.account, NEW.region, ${MINUTE_OF('NEW.sent_at')}, NEW.counted)
        ON CONFLICT (account, region, minute) DO UPDATE SET counted = counted + excluded.counted;
      END;
    `,
      // The same table and trigger in PostgreSQL's words, with one difference: PostgreSQL runs
      // sends side by side, and one row per minute would make every send wait for the one before it
      // to commit (a hot row; a cluster sent ~5 messages/s). Each connection adds to its own shard
      // of the minute (backend pid mod 16); the sums read every shard, so the counts are the same.
      postgres: `
      CREATE TABLE ses_sent_minutes (
        account TEXT COLLATE "C" NOT NULL,
        region TEXT COLLATE "C" NOT NULL,
        minute BIGINT NOT NULL,
        shard INTEGER NOT NULL DEFAULT 0,
        counted BIGINT NOT NULL,
        PRIMARY KEY (account, region, minute, shard)
      );
      INSERT INTO ses_sent_minutes (account, region, minute, counted)
        SELECT account, region, ${MINUTE_OF('sent_at')}, sum(counted) FROM ses_sent_messages
        WHERE counted > 0 GROUP BY 1, 2, 3;
      CREATE FUNCTION ses_sent_messages_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ses_sent_minutes (account, region, minute, shard, counted)
        VALUES (NEW.account, NEW.region, ${MINUTE_OF('NEW.sent_at')}, pg_backend_pid() % 16, NEW.counted)
        ON CONFLICT (account, region, minute, shard)
        DO UPDATE SET counted = ses_sent_minutes.counted + excluded.counted;
        RETURN NULL;
      END;
      $$;
      CREATE TRIGGER ses_sent_messages_minutes AFTER INSERT ON ses_sent_messages
      FOR EACH ROW WHEN (NEW.counted > 0) EXECUTE FUNCTION ses_sent_messages_minutes();
    `,
    },
  },
];
