/**
 * The mailbox: one row per message the capture transport holds (keyed by its outbox row, so a
 * message is listed once), with the header fields searches need. A message is listed as `accepted`
 * in the transaction that queues it (read-your-writes: a send that returned is listed) and becomes
 * `delivered` when the outbox hands it to the transport. Bodies are parsed on first read and kept
 * (see bodies.ts): the send path stays cheap, reading stays cheap the second time.
 *
 * Whoever waits for mail subscribes to arrivals (`onArrival`): listeners run once after each burst
 * of inserts, once the inserting transaction has committed (never for one rolled back).
 */
import type { Database, SqlValue } from '../../store/index.js';

/** `accepted`: queued in the outbox; `delivered`: the transport took it; `failed`: it never will. */
export type DeliveryStatus = 'accepted' | 'delivered' | 'failed';

export interface MailboxRecord {
  seq: number;
  outboxId: number;
  messageId: string;
  account: string;
  region: string;
  /** When the message was accepted (its send returned), or captured for rows captured at delivery. */
  receivedAt: Date;
  envelopeFrom: string;
  fromAddress: string;
  fromText: string;
  subject: string;
  to: string[];
  cc: string[];
  bcc: string[];
  size: number;
  status: DeliveryStatus;
  deliveredAt?: Date;
}

export type NewMailboxRecord = Omit<MailboxRecord, 'seq' | 'size' | 'status' | 'deliveredAt'> & {
  raw: Buffer;
  recipients: string[];
  /** `delivered` (at receivedAt) unless given: a row written at delivery. */
  status?: DeliveryStatus;
};

export interface MailboxFilter {
  messageId?: string;
  account?: string;
  region?: string;
  /** The sender's address (From header), case-insensitive. */
  source?: string;
  /** A recipient (envelope, To or Cc), case-insensitive, exact address. */
  recipient?: string;
  /** A substring of the subject, case-insensitive. */
  subject?: string;
  /**
   * A substring, case-insensitive, of the subject, the From field, a recipient or a body (text or
   * HTML). Bodies are searched once parsed: the route parses the unparsed ones first (parseBodies).
   */
  text?: string;
  /** Received at or after / before (exclusive). */
  since?: Date;
  until?: Date;
}

export interface MailboxQuery extends MailboxFilter {
  limit?: number;
  /** Only rows older than this seq (newest-first pages) or newer (oldest-first). */
  afterSeq?: number;
  /** Only rows newer than this seq, whatever the order (what arrived since a waiter last looked). */
  newerThanSeq?: number;
  order?: 'newest' | 'oldest';
}

interface Row {
  seq: number;
  outbox_id: number;
  message_id: string;
  account: string;
  region: string;
  received_at: number;
  envelope_from: string;
  from_address: string;
  from_text: string;
  subject: string;
  to_json: string;
  cc_json: string;
  bcc_json: string;
  size: number;
  status: DeliveryStatus;
  delivered_at: number | null;
}

const SUMMARY_COLUMNS = `seq, outbox_id, message_id, account, region, received_at, envelope_from, from_address,
  from_text, subject, to_json, cc_json, bcc_json, size, status, delivered_at`;

/** What a `text` search looks in, lower-cased (recipients_key already is). */
const TEXT_COLUMNS = [
  'lower(subject)',
  'lower(from_text)',
  'recipients_key',
  'lower(to_json)',
  'lower(cc_json)',
  "lower(coalesce(text_body, ''))",
  "lower(coalesce(html_body, ''))",
];

/** Summary rows read at a time when a whole listing is walked (scan). */
const SCAN_BATCH = 100;

/** Taken by each insert until its commit, so seq order is commit order. */
const SEQ_LOCK = 'mail_mailbox_seq';
/** The signal each insert sends, heard by every process sharing the database. */
const ARRIVALS = 'pinpost_mail_arrivals';

export class MailboxStore {
  private readonly arrivalListeners = new Set<() => void>();
  private arrivalScheduled = false;
  /** Listening for arrivals from every process; taken at the first onArrival and kept. */
  private hearing: Promise<unknown> | undefined;

  constructor(private readonly db: Database) {}

  async insert(r: NewMailboxRecord): Promise<void> {
    if (!this.db.inTransaction) return this.db.transaction(() => this.insert(r));
    // Seq order is then commit order across processes: a reader past seq n has seen all below.
    await this.db.holdUntilCommit(SEQ_LOCK);
    const key = [...r.recipients, ...r.to, ...r.cc].map(bareAddress).join(',');
    const status = r.status ?? 'delivered';
    await this.db.write(
      `INSERT INTO mail_mailbox (outbox_id, message_id, account, region, received_at, envelope_from,
         from_address, from_text, subject, to_json, cc_json, bcc_json, recipients_key, size, raw, bodies_parsed,
         status, delivered_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
      [
        r.outboxId,
        r.messageId,
        r.account,
        r.region,
        r.receivedAt.getTime(),
        r.envelopeFrom,
        r.fromAddress.toLowerCase(),
        r.fromText,
        r.subject,
        JSON.stringify(r.to),
        JSON.stringify(r.cc),
        JSON.stringify(r.bcc),
        `,${key},`,
        r.raw.length,
        r.raw.toString('base64'),
        status,
        status === 'delivered' ? r.receivedAt.getTime() : null,
      ],
    );
    await this.db.signal(ARRIVALS);
  }

  /** Marks the message of an outbox row delivered; false when it is not listed (or not accepted). */
  async markDelivered(outboxId: number, at: Date): Promise<boolean> {
    const r = await this.db.run(
      `UPDATE mail_mailbox SET status = 'delivered', delivered_at = ? WHERE outbox_id = ? AND status = 'accepted'`,
      [at.getTime(), outboxId],
    );
    return r.changes === 1;
  }

  /** markDelivered for a batch of outbox rows, in one statement; how many it marked. */
  async markDeliveredMany(outboxIds: readonly number[], at: Date): Promise<number> {
    if (outboxIds.length === 0) return 0;
    const r = await this.db.run(
      `UPDATE mail_mailbox SET status = 'delivered', delivered_at = ?
       WHERE status = 'accepted' AND outbox_id IN (${outboxIds.map(() => '?').join(', ')})`,
      [at.getTime(), ...outboxIds],
    );
    return r.changes;
  }

  async markFailed(outboxId: number): Promise<void> {
    await this.db.run(
      `UPDATE mail_mailbox SET status = 'failed' WHERE outbox_id = ? AND status = 'accepted'`,
      [outboxId],
    );
  }

  async list(q: MailboxQuery): Promise<MailboxRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const add = (sql: string, value: SqlValue) => {
      where.push(sql);
      params.push(value);
    };
    if (q.messageId) add('message_id = ?', q.messageId);
    if (q.account) add('account = ?', q.account);
    if (q.region) add('region = ?', q.region);
    if (q.source) add('from_address = ?', bareAddress(q.source));
    if (q.recipient) add(`recipients_key LIKE ? ESCAPE '\\'`, `%,${escapeLike(bareAddress(q.recipient))},%`);
    if (q.subject) add(`lower(subject) LIKE ? ESCAPE '\\'`, `%${escapeLike(q.subject.toLowerCase())}%`);
    if (q.text) {
      const like = `%${escapeLike(q.text.toLowerCase())}%`;
      where.push(`(${TEXT_COLUMNS.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
      for (const _ of TEXT_COLUMNS) params.push(like);
    }
    if (q.since) add('received_at >= ?', q.since.getTime());
    if (q.until) add('received_at < ?', q.until.getTime());
    const newest = (q.order ?? 'newest') === 'newest';
    if (q.afterSeq !== undefined) add(newest ? 'seq < ?' : 'seq > ?', q.afterSeq);
    if (q.newerThanSeq !== undefined) add('seq > ?', q.newerThanSeq);
    let sql = `SELECT ${SUMMARY_COLUMNS} FROM mail_mailbox`;
    if (where.length) sql += ` WHERE ${where.join(' AND ')}`;
    sql += ` ORDER BY seq ${newest ? 'DESC' : 'ASC'}`;
    if (q.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(q.limit);
    }
    return (await this.db.all<Row>(sql, params)).map(toRecord);
  }

  /**
   * The rows of a query, read a batch at a time (keyset on seq), so walking a large mailbox holds
   * one batch of summaries, never the whole list. Rows written or deleted meanwhile may or may not
   * be seen, as with any keyset page.
   */
  async *scan(q: MailboxQuery): AsyncGenerator<MailboxRecord> {
    let left = q.limit ?? Infinity;
    let afterSeq = q.afterSeq;
    while (left > 0) {
      const batch = await this.list({ ...q, afterSeq, limit: Math.min(SCAN_BATCH, left) });
      yield* batch;
      if (batch.length < SCAN_BATCH) return;
      left -= batch.length;
      afterSeq = batch[batch.length - 1].seq;
    }
  }

  /** Messages (of the account, when given) whose bodies are not parsed yet, newest first. */
  async unparsed(account: string | undefined, limit: number): Promise<MailboxRecord[]> {
    const where = ['bodies_parsed = 0', ...(account ? ['account = ?'] : [])];
    const rows = await this.db.all<Row>(
      `SELECT ${SUMMARY_COLUMNS} FROM mail_mailbox WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`,
      [...(account ? [account] : []), limit],
    );
    return rows.map(toRecord);
  }

  /** The highest seq so far (0 when empty): what a waiter has seen. */
  async lastSeq(): Promise<number> {
    const r = await this.db.get<{ seq: number | null }>('SELECT max(seq) AS seq FROM mail_mailbox');
    return r?.seq ?? 0;
  }

  /** The first listed copy of a message (in the account, when one is given). */
  async find(messageId: string, account?: string): Promise<MailboxRecord | undefined> {
    return (await this.list({ messageId, account, order: 'oldest', limit: 1 }))[0];
  }

  async raw(seq: number): Promise<Buffer | undefined> {
    const r = await this.db.get<{ raw: string }>('SELECT raw FROM mail_mailbox WHERE seq = ?', [seq]);
    return r && Buffer.from(r.raw, 'base64');
  }

  async cachedBodies(seq: number): Promise<{ text?: string; html?: string } | undefined> {
    const r = await this.db.get<{
      text_body: string | null;
      html_body: string | null;
      bodies_parsed: number;
    }>('SELECT text_body, html_body, bodies_parsed FROM mail_mailbox WHERE seq = ?', [seq]);
    if (!r || !r.bodies_parsed) return undefined;
    return { text: r.text_body ?? undefined, html: r.html_body ?? undefined };
  }

  async cacheBodies(seq: number, text: string | undefined, html: string | undefined): Promise<void> {
    await this.db.run(
      'UPDATE mail_mailbox SET text_body = ?, html_body = ?, bodies_parsed = 1 WHERE seq = ?',
      [text ?? null, html ?? null, seq],
    );
  }

  /**
   * Deletes one message (every copy of it) or, without an id, every message; only the account's
   * when one is given. Returns how many rows went.
   */
  async delete(messageId?: string, account?: string): Promise<number> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (messageId !== undefined) {
      where.push('message_id = ?');
      params.push(messageId);
    }
    if (account !== undefined) {
      where.push('account = ?');
      params.push(account);
    }
    const sql = `DELETE FROM mail_mailbox${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
    return (await this.db.run(sql, params)).changes;
  }

  /**
   * Calls `listener` after inserts by any process sharing the database (once a burst, after their
   * transactions); returns the unsubscribe. Arrivals committed before {@link arrivalsHeard}
   * resolves may not be told: look once after it.
   */
  onArrival(listener: () => void): () => void {
    this.arrivalListeners.add(listener);
    if (!this.hearing) {
      this.hearing = this.db.onSignal(ARRIVALS, () => this.arrived());
      // Failing to listen is reported to whoever awaits arrivalsHeard, not as an unhandled rejection.
      this.hearing.catch(() => undefined);
    }
    return () => this.arrivalListeners.delete(listener);
  }

  /** Resolves once arrivals from every process are heard (the first onArrival started it). */
  async arrivalsHeard(): Promise<void> {
    try {
      await this.hearing;
    } catch {
      // Not listening (the database went away): a look still reads whatever is committed.
      this.hearing = undefined;
    }
  }

  private arrived(): void {
    if (this.arrivalScheduled || this.arrivalListeners.size === 0) return;
    this.arrivalScheduled = true;
    // Once per burst: every insert committed by now is seen by the one look each listener takes.
    setImmediate(() => {
      this.arrivalScheduled = false;
      for (const l of [...this.arrivalListeners]) l();
    });
  }
}

/** `Name <a@b>` → `a@b`, lower-cased: how addresses are compared in searches. */
export function bareAddress(address: string): string {
  const m = /<([^>]*)>\s*$/.exec(address);
  return (m ? m[1] : address).trim().toLowerCase();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toRecord(r: Row): MailboxRecord {
  return {
    seq: r.seq,
    outboxId: r.outbox_id,
    messageId: r.message_id,
    account: r.account,
    region: r.region,
    receivedAt: new Date(r.received_at),
    envelopeFrom: r.envelope_from,
    fromAddress: r.from_address,
    fromText: r.from_text,
    subject: r.subject,
    to: JSON.parse(r.to_json) as string[],
    cc: JSON.parse(r.cc_json) as string[],
    bcc: JSON.parse(r.bcc_json) as string[],
    size: r.size,
    status: r.status,
    ...(r.delivered_at === null ? {} : { deliveredAt: new Date(r.delivered_at) }),
  };
}
