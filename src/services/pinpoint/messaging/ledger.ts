/** The delivery ledger (migrations.ts): which idempotency keys already have a sent message. */
import type { Database } from '../../../store/index.js';
import type { Scope } from '../store.js';

export interface LedgerEntry {
  key: string;
  messageId: string;
  appId: string;
  sentAt: Date;
}

/** Keys one look-up names at most (SQLite allows 32,766 parameters; PostgreSQL 65,535). */
const FIND_CHUNK = 500;

export class DeliveryLedger {
  constructor(private readonly db: Database) {}

  /** The message sent under `key`, if any. */
  async find(scope: Scope, key: string): Promise<{ messageId: string } | undefined> {
    const row = await this.db.get<{ message_id: string }>(
      'SELECT message_id FROM pinpoint_delivery_ledger WHERE account = ? AND region = ? AND ledger_key = ?',
      [scope.account, scope.region, key],
    );
    return row ? { messageId: row.message_id } : undefined;
  }

  /** Of `keys`, those with a sent message (key → MessageId), a statement per 500 keys. */
  async findMany(scope: Scope, keys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < keys.length; i += FIND_CHUNK) {
      const chunk = keys.slice(i, i + FIND_CHUNK);
      const rows = await this.db.all<{ ledger_key: string; message_id: string }>(
        `SELECT ledger_key, message_id FROM pinpoint_delivery_ledger
         WHERE account = ? AND region = ? AND ledger_key IN (${chunk.map(() => '?').join(', ')})`,
        [scope.account, scope.region, ...chunk],
      );
      for (const r of rows) found.set(r.ledger_key, r.message_id);
    }
    return found;
  }

  /**
   * Records a sent message. Throws when the key is already recorded (the primary key), so a second
   * send racing the first rolls its own SES transaction back instead of sending twice (on
   * PostgreSQL at its COMMIT, which carries this write: `Database.write`).
   */
  async insert(scope: Scope, entry: LedgerEntry): Promise<void> {
    await this.db.write(
      'INSERT INTO pinpoint_delivery_ledger (account, region, ledger_key, message_id, app_id, sent_at) VALUES (?, ?, ?, ?, ?, ?)',
      [scope.account, scope.region, entry.key, entry.messageId, entry.appId, entry.sentAt.toISOString()],
    );
  }
}
