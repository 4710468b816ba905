/**
 * Sending's tables (context `ses-sending`): one row per accepted message (what later events need
 * to describe it, and the recipient counts the quotas and GetSendStatistics read), and the events
 * recorded per message (kept for event destinations and the mailbox).
 */
import type { Migration } from '../../../store/index.js';

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
];
