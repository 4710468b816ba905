/**
 * The outbox table. A row is `queued` until the transport accepts it (`delivered`) or retries run
 * out or the failure is permanent (`failed`). Delivered rows keep their bookkeeping but drop their
 * bytes: the recipient (or the mailbox) has them now, and a bench of 100,000 sends should not keep
 * two copies. A message the mailbox lists as it is queued (the capture transport) keeps its bytes
 * there only (`raw = ''`): a delivery under another transport, after a restart, reads them from it.
 * Each queued row has a `mail-delivery` job (src/jobs) keyed by its id: the job says which process
 * delivers it and when; the row holds the message and how its delivery went.
 */
import type { OutgoingMessage } from '../../services/ses/ports.js';
import type { Database } from '../../store/index.js';
import { PermanentDeliveryError } from '../transports/types.js';
import { RowIdBlocks } from './row-ids.js';

export type OutboxStatus = 'queued' | 'delivered' | 'failed';

export interface OutboxEntry {
  id: number;
  message: OutgoingMessage;
  attempts: number;
  /** When its next attempt is due (one clock, epoch ms). */
  nextAttemptAt: number;
}

export interface OutboxState {
  id: number;
  messageId: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt?: Date;
  lastError?: string;
}

interface Row {
  id: number;
  message_id: string;
  account: string;
  region: string;
  envelope_from: string;
  recipients: string;
  configuration_set: string | null;
  /** Base64; `''` when the mailbox lists the message (its bytes are there); NULL once delivered. */
  raw: string | null;
  /** The listing's bytes (base64) joined to a `''` row, when the listing still exists. */
  listed_raw?: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  last_error: string | null;
  in_mailbox: number;
}

const INSERT_COLUMNS = `message_id, account, region, envelope_from, recipients, configuration_set,
  raw, status, attempts, next_attempt_at, enqueued_at, in_mailbox`;
const INSERT_VALUES = `?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?`;

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export class OutboxStore {
  /**
   * `in_mailbox` of rows loadMany() read, until forget(): the capture transport asks it of each
   * message it delivers, and the answer came with the row.
   */
  private readonly listed = new Map<number, boolean>();

  /** PostgreSQL: ids known before the row is written (row-ids.ts); SQLite answers at no cost. */
  private readonly ids: RowIdBlocks | undefined;

  constructor(private readonly db: Database) {
    this.ids = db.dialect.name === 'postgres' ? new RowIdBlocks(db, 'mail_outbox', 'id') : undefined;
  }

  /**
   * Queues a message; returns its row id. `inMailbox`: the mailbox listed it in the same
   * transaction, so delivering it only marks that listing.
   */
  async insert(message: OutgoingMessage, now: number, inMailbox = false): Promise<number> {
    const params = [
      message.messageId,
      message.scope.account,
      message.scope.region,
      message.envelopeFrom,
      JSON.stringify(message.recipients),
      message.configurationSetName ?? null,
      // A message the mailbox lists keeps its bytes there only: not encoded, written, read back
      // and decoded a second time for a capture delivery that never looks at them.
      inMailbox ? '' : message.raw.toString('base64'),
      now,
      now,
      inMailbox ? 1 : 0,
    ];
    if (this.ids) {
      const id = await this.ids.next();
      await this.db.write(`INSERT INTO mail_outbox (id, ${INSERT_COLUMNS}) VALUES (?, ${INSERT_VALUES})`, [
        id,
        ...params,
      ]);
      return id;
    }
    const row = await this.db.get<{ id: number }>(
      `INSERT INTO mail_outbox (${INSERT_COLUMNS}) VALUES (${INSERT_VALUES}) RETURNING id`,
      params,
    );
    return row!.id;
  }

  /** Whether the mailbox listed this row's message when it was queued. */
  async inMailbox(id: number): Promise<boolean> {
    const known = this.listed.get(id);
    if (known !== undefined) return known;
    const r = await this.db.get<{ in_mailbox: number }>('SELECT in_mailbox FROM mail_outbox WHERE id = ?', [
      id,
    ]);
    return r?.in_mailbox === 1;
  }

  /**
   * The rows of `ids` still queued, in one statement; each row's `in_mailbox` is kept for
   * inMailbox() until forget(ids).
   */
  async loadMany(ids: readonly number[]): Promise<Map<number, OutboxEntry>> {
    const out = new Map<number, OutboxEntry>();
    if (ids.length === 0) return out;
    const rows = await this.db.all<Row>(`${SELECT_QUEUED} AND o.id IN (${marks(ids.length)})`, ids);
    for (const r of rows) {
      const entry = entryOf(r);
      if (!entry) continue;
      out.set(r.id, entry);
      this.listed.set(r.id, r.in_mailbox === 1);
    }
    return out;
  }

  /** Drops what loadMany() kept of these rows. */
  forget(ids: readonly number[]): void {
    for (const id of ids) this.listed.delete(id);
  }

  /**
   * Marks delivered those of `rows` (id, attempts) still queued, in a statement per distinct
   * attempts count (one, usually); returns the ids this call marked.
   */
  async markDeliveredMany(
    rows: readonly { id: number; attempts: number }[],
    now: number,
  ): Promise<Set<number>> {
    const byAttempts = new Map<number, number[]>();
    for (const r of rows) byAttempts.set(r.attempts, [...(byAttempts.get(r.attempts) ?? []), r.id]);
    const marked = new Set<number>();
    for (const [attempts, ids] of byAttempts) {
      const done = await this.db.all<{ id: number }>(
        `UPDATE mail_outbox SET status = 'delivered', attempts = ?, delivered_at = ?, raw = NULL, last_error = NULL
         WHERE status = 'queued' AND id IN (${marks(ids.length)}) RETURNING id`,
        [attempts, now, ...ids],
      );
      for (const r of done) marked.add(r.id);
    }
    return marked;
  }

  /** true when this call marked it (a row already marked stays as it was). */
  async markDelivered(id: number, attempts: number, now: number): Promise<boolean> {
    const r = await this.db.run(
      `UPDATE mail_outbox SET status = 'delivered', attempts = ?, delivered_at = ?, raw = NULL, last_error = NULL
       WHERE id = ? AND status = 'queued'`,
      [attempts, now, id],
    );
    return r.changes === 1;
  }

  async reschedule(id: number, attempts: number, nextAttemptAt: number, error: string): Promise<void> {
    await this.db.run(
      `UPDATE mail_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'queued'`,
      [attempts, nextAttemptAt, error, id],
    );
  }

  /** true when this call marked it (a row already marked stays as it was). */
  async markFailed(id: number, attempts: number, error: string): Promise<boolean> {
    const r = await this.db.run(
      `UPDATE mail_outbox SET status = 'failed', attempts = ?, last_error = ? WHERE id = ? AND status = 'queued'`,
      [attempts, error, id],
    );
    return r.changes === 1;
  }

  async queuedCount(): Promise<number> {
    const r = await this.db.get<{ n: number }>(
      `SELECT count(*) AS n FROM mail_outbox WHERE status = 'queued'`,
    );
    return r?.n ?? 0;
  }

  /** Every outbox row of a message, oldest first (for inspection and tests). */
  async states(messageId: string): Promise<OutboxState[]> {
    const rows = await this.db.all<Row>(`SELECT * FROM mail_outbox WHERE message_id = ? ORDER BY id`, [
      messageId,
    ]);
    return rows.map((r) => {
      const s: OutboxState = {
        id: r.id,
        messageId: r.message_id,
        status: r.status,
        attempts: r.attempts,
        nextAttemptAt: new Date(r.next_attempt_at),
      };
      if (r.delivered_at !== null) s.deliveredAt = new Date(r.delivered_at);
      if (r.last_error !== null) s.lastError = r.last_error;
      return s;
    });
  }
}

/** Queued rows, with their listing's bytes where the row keeps none. */
const SELECT_QUEUED = `SELECT o.*, m.raw AS listed_raw FROM mail_outbox o
  LEFT JOIN mail_mailbox m ON o.raw = '' AND m.outbox_id = o.id
  WHERE o.status = 'queued'`;

function entryOf(r: Row): OutboxEntry | undefined {
  if (r.raw === null) return undefined;
  const message = {
    messageId: r.message_id,
    scope: { account: r.account, region: r.region },
    envelopeFrom: r.envelope_from,
    recipients: JSON.parse(r.recipients) as string[],
  } as OutgoingMessage;
  const encoded = r.raw === '' ? r.listed_raw : r.raw;
  let raw: Buffer | undefined;
  // Decoded when a transport asks: the capture transport does not, for a message the mailbox lists.
  Object.defineProperty(message, 'raw', {
    enumerable: true,
    get: () => {
      if (encoded === null || encoded === undefined)
        throw new PermanentDeliveryError(
          `the message's bytes were kept by its mailbox listing, deleted before delivery (outbox row \`${r.id}\`)`,
        );
      return (raw ??= Buffer.from(encoded, 'base64'));
    },
  });
  if (r.configuration_set !== null) message.configurationSetName = r.configuration_set;
  return { id: r.id, message, attempts: r.attempts, nextAttemptAt: r.next_attempt_at };
}
