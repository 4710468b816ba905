/**
 * The captured mailbox: one row per delivered message (keyed by its outbox row, so a capture is
 * written once), with the header fields searches need. Bodies are parsed on first read and kept
 * (see bodies.ts): capture stays cheap on the send path, reading stays cheap the second time.
 */
import type { Database, SqlValue } from '../../store/index.js';

export interface MailboxRecord {
  seq: number;
  outboxId: number;
  messageId: string;
  account: string;
  region: string;
  receivedAt: Date;
  envelopeFrom: string;
  fromAddress: string;
  fromText: string;
  subject: string;
  to: string[];
  cc: string[];
  bcc: string[];
  size: number;
}

export type NewMailboxRecord = Omit<MailboxRecord, 'seq' | 'size'> & { raw: Buffer; recipients: string[] };

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
  /** Received at or after / before (exclusive). */
  since?: Date;
  until?: Date;
}

export interface MailboxQuery extends MailboxFilter {
  limit?: number;
  /** Only rows older than this seq (newest-first pages) or newer (oldest-first). */
  afterSeq?: number;
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
}

const SUMMARY_COLUMNS = `seq, outbox_id, message_id, account, region, received_at, envelope_from, from_address,
  from_text, subject, to_json, cc_json, bcc_json, size`;

export class MailboxStore {
  constructor(private readonly db: Database) {}

  insert(r: NewMailboxRecord): void {
    const key = [...r.recipients, ...r.to, ...r.cc].map(bareAddress).join(',');
    this.db.run(
      `INSERT INTO mail_mailbox (outbox_id, message_id, account, region, received_at, envelope_from,
         from_address, from_text, subject, to_json, cc_json, bcc_json, recipients_key, size, raw, bodies_parsed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
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
      ],
    );
  }

  list(q: MailboxQuery): MailboxRecord[] {
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
    if (q.since) add('received_at >= ?', q.since.getTime());
    if (q.until) add('received_at < ?', q.until.getTime());
    const newest = (q.order ?? 'newest') === 'newest';
    if (q.afterSeq !== undefined) add(newest ? 'seq < ?' : 'seq > ?', q.afterSeq);
    let sql = `SELECT ${SUMMARY_COLUMNS} FROM mail_mailbox`;
    if (where.length) sql += ` WHERE ${where.join(' AND ')}`;
    sql += ` ORDER BY seq ${newest ? 'DESC' : 'ASC'}`;
    if (q.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(q.limit);
    }
    return this.db.all<Row>(sql, params).map(toRecord);
  }

  /** The first captured copy of a message. */
  find(messageId: string): MailboxRecord | undefined {
    const r = this.db.get<Row>(
      `SELECT ${SUMMARY_COLUMNS} FROM mail_mailbox WHERE message_id = ? ORDER BY seq LIMIT 1`,
      [messageId],
    );
    return r && toRecord(r);
  }

  raw(seq: number): Buffer | undefined {
    const r = this.db.get<{ raw: string }>('SELECT raw FROM mail_mailbox WHERE seq = ?', [seq]);
    return r && Buffer.from(r.raw, 'base64');
  }

  cachedBodies(seq: number): { text?: string; html?: string } | undefined {
    const r = this.db.get<{ text_body: string | null; html_body: string | null; bodies_parsed: number }>(
      'SELECT text_body, html_body, bodies_parsed FROM mail_mailbox WHERE seq = ?',
      [seq],
    );
    if (!r || !r.bodies_parsed) return undefined;
    return { text: r.text_body ?? undefined, html: r.html_body ?? undefined };
  }

  cacheBodies(seq: number, text: string | undefined, html: string | undefined): void {
    this.db.run('UPDATE mail_mailbox SET text_body = ?, html_body = ?, bodies_parsed = 1 WHERE seq = ?', [
      text ?? null,
      html ?? null,
      seq,
    ]);
  }

  /** Deletes one message (every copy of it) or, without an id, the whole mailbox; returns how many. */
  delete(messageId?: string): number {
    return messageId === undefined
      ? this.db.run('DELETE FROM mail_mailbox').changes
      : this.db.run('DELETE FROM mail_mailbox WHERE message_id = ?', [messageId]).changes;
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
  };
}
