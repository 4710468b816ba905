/**
 * Captured messages: what Pinpoint would have delivered through a non-email channel (SMS, voice,
 * push, OTP). Pinpost reaches no carrier or push service, so each message is kept here, with its
 * channel, destination, content and app, and read at `GET /_pinpost/messages` (captured-route.ts),
 * as sent mail is read in the mailbox. Schema context `pinpoint-captured`.
 */
import type { Database, Migration } from '../../../store/index.js';
import type { Scope } from '../store.js';

export const capturedMigrations: readonly Migration[] = [
  {
    context: 'pinpoint-captured',
    version: 1,
    name: 'captured messages',
    up: `
      CREATE TABLE pinpoint_captured_messages (
        message_id TEXT NOT NULL PRIMARY KEY,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        app_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        destination TEXT NOT NULL,
        endpoint_id TEXT,
        title TEXT,
        body TEXT NOT NULL,
        detail TEXT NOT NULL,
        captured_at TEXT NOT NULL
      );
      CREATE INDEX pinpoint_captured_by_time ON pinpoint_captured_messages (account, captured_at);
    `,
  },
];

export interface CapturedMessage {
  messageId: string;
  appId: string;
  /** The ChannelType it was sent through (SMS, VOICE, APNS, GCM, …). */
  channel: string;
  /** The phone number or device token. */
  destination: string;
  endpointId?: string;
  title?: string;
  body: string;
  /** The rest of the message's settings (SenderId, OriginationNumber, MessageType, VoiceId, …). */
  detail: Record<string, unknown>;
  capturedAt: Date;
}

interface Row {
  message_id: string;
  account: string;
  region: string;
  app_id: string;
  channel: string;
  destination: string;
  endpoint_id: string | null;
  title: string | null;
  body: string;
  detail: string;
  captured_at: string;
}

export interface CapturedQuery {
  account?: string;
  region?: string;
  app?: string;
  channel?: string;
  destination?: string;
  limit: number;
}

export class CapturedMessages {
  constructor(private readonly db: Database) {}

  async add(scope: Scope, m: CapturedMessage): Promise<void> {
    await this.db.run(
      `INSERT INTO pinpoint_captured_messages (message_id, account, region, app_id, channel, destination, endpoint_id, title, body, detail, captured_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        m.messageId,
        scope.account,
        scope.region,
        m.appId,
        m.channel,
        m.destination,
        m.endpointId ?? null,
        m.title ?? null,
        m.body,
        JSON.stringify(m.detail),
        m.capturedAt.toISOString(),
      ],
    );
  }

  /** Newest first (then by id, so the order is stable). */
  async list(q: CapturedQuery): Promise<(CapturedMessage & Scope)[]> {
    const where: string[] = [];
    const params: string[] = [];
    const filters: [string, string | undefined][] = [
      ['account', q.account],
      ['region', q.region],
      ['app_id', q.app],
      ['channel', q.channel],
      ['destination', q.destination],
    ];
    for (const [column, value] of filters) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      params.push(value);
    }
    const rows = await this.db.all<Row>(
      `SELECT * FROM pinpoint_captured_messages${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
       ORDER BY captured_at DESC, message_id DESC LIMIT ${Math.max(1, Math.floor(q.limit))}`,
      params,
    );
    return rows.map((r) => ({
      messageId: r.message_id,
      account: r.account,
      region: r.region,
      appId: r.app_id,
      channel: r.channel,
      destination: r.destination,
      endpointId: r.endpoint_id ?? undefined,
      title: r.title ?? undefined,
      body: r.body,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
      capturedAt: new Date(r.captured_at),
    }));
  }

  /** Deletes the captured messages of an account (every one when `account` is undefined). */
  async clear(account: string | undefined): Promise<void> {
    if (account === undefined) await this.db.run('DELETE FROM pinpoint_captured_messages');
    else await this.db.run('DELETE FROM pinpoint_captured_messages WHERE account = ?', [account]);
  }
}
