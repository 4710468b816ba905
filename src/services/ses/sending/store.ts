/**
 * The sending store: accepted messages (with the `mail` object their events repeat) and events.
 * Calls on the shared Database awaited inside the send's transaction join it.
 */
import type { Database } from '../../../store/index.js';
import type { SesEvent, SesEventType, SesScope } from '../ports.js';

/** The `mail` object of SES's event records (event-publishing-retrieving-sns-contents.html). */
export interface MailObject {
  timestamp: string;
  source: string;
  sourceArn: string;
  sendingAccountId: string;
  messageId: string;
  destination: string[];
  headersTruncated: boolean;
  headers: { name: string; value: string }[];
  commonHeaders: Record<string, unknown>;
  tags: Record<string, string[]>;
}

export interface SentMessage {
  messageId: string;
  scope: SesScope;
  sentAt: Date;
  counted: number;
  configurationSetName?: string;
  mail: MailObject;
}

interface MessageRow {
  message_id: string;
  account: string;
  region: string;
  sent_at: number;
  counted: number;
  configuration_set: string | null;
  mail: string;
}

interface EventRow {
  message_id: string;
  account: string;
  region: string;
  event_type: string;
  at: number;
  configuration_set: string | null;
  detail: string;
}

const MINUTE_MS = 60_000;
/** Events one INSERT writes at most (8 parameters each). */
const INSERT_ROWS = 200;

/**
 * Runs inside the transaction recording the event; may write, and may throw to undo the event.
 * `many`, when the listener has it, takes the events a call records together (a batch of
 * deliveries) in one call instead, so its reads and writes for them can be a statement or two.
 */
export type EventListener = ((e: SesEvent) => Promise<void> | void) & {
  many?: (events: SesEvent[]) => Promise<void> | void;
};

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

const toSent = (r: MessageRow): SentMessage => ({
  messageId: r.message_id,
  scope: { account: r.account, region: r.region },
  sentAt: new Date(r.sent_at),
  counted: r.counted,
  configurationSetName: r.configuration_set ?? undefined,
  mail: JSON.parse(r.mail) as MailObject,
});

export class SendingStore {
  constructor(readonly db: Database) {}

  async addMessage(m: SentMessage): Promise<void> {
    await this.db.write(
      `INSERT INTO ses_sent_messages (message_id, account, region, sent_at, counted, configuration_set, mail)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        m.messageId,
        m.scope.account,
        m.scope.region,
        m.sentAt.getTime(),
        m.counted,
        m.configurationSetName ?? null,
        JSON.stringify(m.mail),
      ],
    );
  }

  async message(messageId: string): Promise<SentMessage | undefined> {
    const r = await this.db.get<MessageRow>('SELECT * FROM ses_sent_messages WHERE message_id = ?', [
      messageId,
    ]);
    return r && toSent(r);
  }

  /** The sent messages of `ids` that exist, by id, in one statement. */
  async messages(ids: readonly string[]): Promise<Map<string, SentMessage>> {
    const out = new Map<string, SentMessage>();
    if (ids.length === 0) return out;
    const rows = await this.db.all<MessageRow>(
      `SELECT * FROM ses_sent_messages WHERE message_id IN (${marks(ids.length)})`,
      ids,
    );
    for (const r of rows) out.set(r.message_id, toSent(r));
    return out;
  }

  private readonly listeners: EventListener[] = [];

  /**
   * Calls `listener` with every event recorded from now on, inside the transaction that records it
   * (the Pinpoint engine turns its messages' events into `_email.*` events); awaited, in the order
   * listeners were added, so what a listener writes commits or rolls back with the event.
   */
  onEvent(listener: EventListener): void {
    this.listeners.push(listener);
  }

  /** Runs the listeners and records the event, all or nothing: in the caller's transaction or its own. */
  async addEvent(e: SesEvent, counted: boolean): Promise<void> {
    await this.addEvents([e], counted);
  }

  /**
   * addEvent for several events (a batch of deliveries): each listener takes them in one call when
   * it can (`many`), and one statement inserts them.
   */
  async addEvents(events: SesEvent[], counted: boolean): Promise<void> {
    if (events.length === 0) return;
    const write = async () => {
      for (const l of this.listeners) {
        if (l.many) await l.many(events);
        else for (const e of events) await l(e);
      }
      await this.insertEvents(events, counted);
    };
    if (this.db.inTransaction || this.listeners.length === 0) await write();
    else await this.db.transaction(write);
  }

  private async insertEvents(events: SesEvent[], counted: boolean): Promise<void> {
    for (let i = 0; i < events.length; i += INSERT_ROWS) {
      const chunk = events.slice(i, i + INSERT_ROWS);
      await this.db.write(
        `INSERT INTO ses_events (message_id, account, region, event_type, at, configuration_set, counted, detail)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((e) => [
          e.messageId,
          e.scope.account,
          e.scope.region,
          e.eventType,
          e.timestamp.getTime(),
          e.configurationSetName ?? null,
          counted ? 1 : 0,
          JSON.stringify(e.detail),
        ]),
      );
    }
  }

  async events(scope: SesScope, messageId: string): Promise<SesEvent[]> {
    const rows = await this.db.all<EventRow>(
      'SELECT * FROM ses_events WHERE message_id = ? AND account = ? AND region = ? ORDER BY id',
      [messageId, scope.account, scope.region],
    );
    return rows.map((r) => ({
      messageId: r.message_id,
      scope: { account: r.account, region: r.region },
      eventType: r.event_type as SesEventType,
      timestamp: new Date(r.at),
      configurationSetName: r.configuration_set ?? undefined,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }

  /**
   * Recipients counted against the quota since a time, exclusive (SentLast24Hours): the per-minute
   * totals after the minute holding `since`, plus that minute's rows after `since` (migration 2).
   */
  async countedSince(scope: SesScope, since: Date): Promise<number> {
    const t = since.getTime();
    const minute = Math.floor(t / MINUTE_MS);
    // One statement (a round trip a send on PostgreSQL). PostgreSQL's sum of BIGINT is NUMERIC,
    // which node-postgres returns as text: cast back.
    const r = await this.db.get<{ whole: number | null; part: number | null }>(
      `SELECT
         (SELECT CAST(sum(counted) AS BIGINT) FROM ses_sent_minutes
          WHERE account = ? AND region = ? AND minute > ?) AS whole,
         (SELECT CAST(sum(counted) AS BIGINT) FROM ses_sent_messages
          WHERE account = ? AND region = ? AND sent_at > ? AND sent_at < ?) AS part`,
      [scope.account, scope.region, minute, scope.account, scope.region, t, (minute + 1) * MINUTE_MS],
    );
    return (r?.whole ?? 0) + (r?.part ?? 0);
  }

  /** Counted sends since a time, as (time, recipients) pairs. */
  sendsSince(scope: SesScope, since: Date): Promise<{ at: number; counted: number }[]> {
    return this.db.all<{ at: number; counted: number }>(
      `SELECT sent_at AS at, counted FROM ses_sent_messages
       WHERE account = ? AND region = ? AND sent_at > ? AND counted > 0`,
      [scope.account, scope.region, since.getTime()],
    );
  }

  /** Counted events since a time, with the recipients each names. */
  eventsSince(scope: SesScope, since: Date): Promise<{ at: number; type: SesEventType; detail: string }[]> {
    return this.db.all<{ at: number; type: SesEventType; detail: string }>(
      `SELECT at, event_type AS type, detail FROM ses_events
       WHERE account = ? AND region = ? AND at > ? AND counted = 1`,
      [scope.account, scope.region, since.getTime()],
    );
  }
}
