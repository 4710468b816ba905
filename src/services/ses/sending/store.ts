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

/** Runs inside the transaction recording the event; may write, and may throw to undo the event. */
export type EventListener = (e: SesEvent) => Promise<void> | void;

export class SendingStore {
  constructor(readonly db: Database) {}

  async addMessage(m: SentMessage): Promise<void> {
    await this.db.run(
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
    if (!r) return undefined;
    return {
      messageId: r.message_id,
      scope: { account: r.account, region: r.region },
      sentAt: new Date(r.sent_at),
      counted: r.counted,
      configurationSetName: r.configuration_set ?? undefined,
      mail: JSON.parse(r.mail) as MailObject,
    };
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
    const write = async () => {
      for (const l of this.listeners) await l(e);
      await this.insertEvent(e, counted);
    };
    if (this.db.inTransaction || this.listeners.length === 0) await write();
    else await this.db.transaction(write);
  }

  private async insertEvent(e: SesEvent, counted: boolean): Promise<void> {
    await this.db.run(
      `INSERT INTO ses_events (message_id, account, region, event_type, at, configuration_set, counted, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        e.messageId,
        e.scope.account,
        e.scope.region,
        e.eventType,
        e.timestamp.getTime(),
        e.configurationSetName ?? null,
        counted ? 1 : 0,
        JSON.stringify(e.detail),
      ],
    );
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
