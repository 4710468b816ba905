/**
 * The EventLog port (ports.ts): Pinpoint's events in `pinpoint_events`, and which app, endpoint
 * and campaign each engine-sent message belongs to in `pinpoint_message_attributions`, so SES's
 * later events of the message (delivery, bounce, open, click, …) become `_email.*` events in the
 * transaction that records them.
 *
 * The send's own events come first: SES records SEND (and a mailbox-simulator bounce or
 * complaint) inside its send transaction BEFORE it runs the caller's onCommit, which is where the
 * messaging part calls `attribute`. So SES events of a message not (yet) attributed are held in
 * memory, by message id, and `attribute` records them. Sends in transactions of their own may
 * interleave (PostgreSQL runs them side by side), but each message's events and its `attribute`
 * call are in its one send transaction; the hold is bounded so unattributed SES sends (direct SES
 * API calls) cannot grow it.
 */
import { AsyncResource } from 'node:async_hooks';
import type { Database } from '../../../store/index.js';
import type { SesEvent } from '../../ses/ports.js';
import type { Attribution, EventLog, PinpointEvent, Scope } from '../ports.js';
import { emailEvent } from './email-events.js';

/**
 * How many unattributed messages' SES events are held for a late `attribute` call. Every send
 * transaction open at once may hold one (on PostgreSQL, as many as the pool has connections, and a
 * campaign sends 32 at a time): far more than that, so none is dropped before its `attribute`.
 */
const HELD_MESSAGES = 1024;

/** Events a statement inserts at most (14 parameters each: far inside either engine's limit). */
const INSERT_ROWS = 200;

/**
 * SES records SEND only in the transaction that sends the message, under its new id, before the
 * `attribute` call of that transaction: there is never an attribution to look up yet.
 */
const FIRST_EVENTS = new Set<string>(['SEND']);

/** A stored event, as the KPIs and the Pinpost route read it. */
export interface StoredEvent extends PinpointEvent {
  id: number;
  account: string;
}

interface EventRow {
  id: number;
  account: string;
  doc: string;
}

type Listener = (scope: Scope, events: PinpointEvent[]) => void | Promise<void>;

/** What a stored event keeps of a PinpointEvent (dates as ISO text). */
function toDoc(e: PinpointEvent): string {
  return JSON.stringify({ ...e, timestamp: e.timestamp.toISOString() });
}

function fromRow(r: EventRow): StoredEvent {
  const doc = JSON.parse(r.doc) as PinpointEvent & { timestamp: string };
  return { ...doc, timestamp: new Date(doc.timestamp), id: r.id, account: r.account };
}

export interface EventQuery {
  /** Any account or region when not given (app ids are unique). */
  account?: string;
  region?: string;
  appId: string;
  eventType?: string;
  campaignId?: string;
  endpointId?: string;
  limit: number;
}

export class PinpointEventLog implements EventLog {
  private readonly listeners: Listener[] = [];
  private readonly held = new Map<string, SesEvent[]>();
  /** The async context the log was created in (at start, outside any transaction). */
  private readonly root = new AsyncResource('pinpost.pinpoint.event-listeners');
  /** Listener calls waiting for their recording transaction to end. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly clock: () => Date,
  ) {}

  /**
   * A statement per INSERT_ROWS events. Inside a transaction it joins it without a savepoint (every
   * caller's failure undoes its whole transaction; a savepoint would cost two round trips an event
   * batch, which on PostgreSQL is what a campaign's or a delivery's events cost); outside one, a
   * transaction holds several statements together.
   */
  async record(scope: Scope, events: PinpointEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.joined(async () => {
      for (let i = 0; i < events.length; i += INSERT_ROWS)
        await this.insert(scope, events.slice(i, i + INSERT_ROWS));
    }, events.length > INSERT_ROWS);
    await this.notify(scope, events);
  }

  async attribute(scope: Scope, messageId: string, attribution: Attribution): Promise<void> {
    await this.joined(async () => {
      await this.db.write(
        `INSERT INTO pinpoint_message_attributions (message_id, account, region, attribution) VALUES (?, ?, ?, ?)
         ON CONFLICT (message_id) DO UPDATE SET attribution = excluded.attribution`,
        [messageId, scope.account, scope.region, JSON.stringify(attribution)],
      );
      const held = this.held.get(messageId) ?? [];
      this.held.delete(messageId);
      const events = held.flatMap((e) => emailEvent(e, attribution, this.clock()) ?? []);
      await this.record(scope, events);
    });
  }

  onRecord(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** SesSending.onEvent: called inside the transaction that records the SES event. */
  async onSesEvent(e: SesEvent): Promise<void> {
    // Nothing to look up for SEND (FIRST_EVENTS): a round trip a send saved.
    if (FIRST_EVENTS.has(e.eventType)) {
      this.hold(e);
      return;
    }
    const row = await this.db.get<{ attribution: string }>(
      'SELECT attribution FROM pinpoint_message_attributions WHERE message_id = ? AND account = ? AND region = ?',
      [e.messageId, e.scope.account, e.scope.region],
    );
    if (!row) {
      this.hold(e);
      return;
    }
    const event = emailEvent(e, JSON.parse(row.attribution) as Attribution, this.clock());
    if (event) await this.record(e.scope, [event]);
  }

  /**
   * onSesEvent for the events SES records together (a batch of deliveries): their attributions
   * read in one statement, their `_email.*` events recorded together, per scope.
   */
  async onSesEvents(events: SesEvent[]): Promise<void> {
    const looked = events.filter((e) => !FIRST_EVENTS.has(e.eventType));
    const ids = [...new Set(looked.map((e) => e.messageId))];
    const found = new Map<string, { account: string; region: string; attribution: string }>();
    for (let i = 0; i < ids.length; i += INSERT_ROWS) {
      const chunk = ids.slice(i, i + INSERT_ROWS);
      const rows = await this.db.all<{
        message_id: string;
        account: string;
        region: string;
        attribution: string;
      }>(
        `SELECT message_id, account, region, attribution FROM pinpoint_message_attributions
         WHERE message_id IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const r of rows) found.set(r.message_id, r);
    }
    const byScope = new Map<string, { scope: Scope; events: PinpointEvent[] }>();
    for (const e of events) {
      const row = found.get(e.messageId);
      // The same lookup as onSesEvent's: the message, in the event's account and region.
      if (!row || row.account !== e.scope.account || row.region !== e.scope.region) {
        this.hold(e);
        continue;
      }
      const event = emailEvent(e, JSON.parse(row.attribution) as Attribution, this.clock());
      if (!event) continue;
      const key = `${e.scope.account}/${e.scope.region}`;
      const group = byScope.get(key) ?? { scope: e.scope, events: [] };
      group.events.push(event);
      byScope.set(key, group);
    }
    for (const { scope, events: list } of byScope.values()) await this.record(scope, list);
  }

  /** Events of an app, newest first, filtered as the Pinpost route asks. */
  async query(q: EventQuery): Promise<StoredEvent[]> {
    const where = ['app_id = ?'];
    const params: (string | number)[] = [q.appId];
    for (const [column, value] of [
      ['account', q.account],
      ['region', q.region],
      ['event_type', q.eventType],
      ['campaign_id', q.campaignId],
      ['endpoint_id', q.endpointId],
    ] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      params.push(value);
    }
    const rows = await this.db.all<EventRow>(
      `SELECT id, account, doc FROM pinpoint_events WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ${Math.floor(q.limit)}`,
      params,
    );
    return rows.map(fromRow);
  }

  /** Resolves once the listener calls of recordings made so far have run (or been dropped). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  private hold(e: SesEvent): void {
    const list = this.held.get(e.messageId);
    if (list) {
      list.push(e);
      return;
    }
    this.held.set(e.messageId, [e]);
    // Maps iterate in insertion order: the first key is the oldest message held.
    if (this.held.size > HELD_MESSAGES) this.held.delete(this.held.keys().next().value as string);
  }

  /** `fn` in the caller's transaction, else in one of its own when it writes more than once. */
  private async joined(fn: () => Promise<void>, several = true): Promise<void> {
    if (this.db.inTransaction || !several) await fn();
    else await this.db.transaction(fn);
  }

  /** One multi-row INSERT. */
  private async insert(scope: Scope, events: PinpointEvent[]): Promise<void> {
    const row = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
    await this.db.write(
      `INSERT INTO pinpoint_events (account, region, app_id, event_type, at, day, endpoint_id, campaign_id,
         treatment_id, run_id, journey_id, message_id, address, doc)
       VALUES ${events.map(() => row).join(', ')}`,
      events.flatMap((e) => [
        scope.account,
        scope.region,
        e.appId,
        e.eventType,
        e.timestamp.getTime(),
        e.timestamp.toISOString().slice(0, 10),
        e.endpointId ?? null,
        e.campaignId ?? null,
        e.treatmentId ?? null,
        // The activity the KPIs group by: a campaign's, or a journey's.
        e.attributes.campaign_activity_id ?? e.attributes.journey_activity_id ?? null,
        e.attributes.journey_id ?? null,
        e.messageId ?? null,
        e.address ?? null,
        toDoc(e),
      ]),
    );
  }

  /**
   * Listeners run outside the recording transaction (ports.ts), in the log's own async context:
   * one started from inside the transaction would inherit it, and run its statements on that
   * transaction's connection. Inside an outer transaction they run once it has committed, never
   * if it rolls back (Database.afterCommit); the committing caller does not wait for them.
   */
  private async notify(scope: Scope, events: PinpointEvent[]): Promise<void> {
    if (this.listeners.length === 0) return;
    if (!this.db.inTransaction) return this.run(scope, events);
    await this.db.afterCommit(() => {
      const tracked = this.root
        .runInAsyncScope(() => this.run(scope, events))
        .catch((err) => process.emitWarning(`Pinpoint event listeners not run: ${String(err)}`))
        .finally(() => this.pending.delete(tracked));
      this.pending.add(tracked);
    });
  }

  private async run(scope: Scope, events: PinpointEvent[]): Promise<void> {
    for (const l of this.listeners) {
      try {
        await l(scope, events);
      } catch (err) {
        // A listener's failure (a campaign that cannot start) must not undo the recording.
        process.emitWarning(`Pinpoint event listener failed: ${String(err)}`);
      }
    }
  }
}
