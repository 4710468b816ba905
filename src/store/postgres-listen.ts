/**
 * PostgreSQL's side of signals: one connection per process, outside the pool, that LISTENs on every
 * channel some listener of this process wants. NOTIFY is transactional (delivered at commit, never
 * for a rolled-back transaction), so a signal means committed rows. A lost connection is opened
 * again after a pause, and every listener is then told once, since signals sent meanwhile are lost.
 */
import pg from 'pg';
import { SignalListeners, checkChannel, type SignalListener } from './signals.js';

/** How long to wait before opening a lost LISTEN connection again. */
const RECONNECT_MS = 1_000;

export class PostgresListen {
  private readonly listeners = new SignalListeners();
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  /** Per channel: its LISTEN in place (a second listener waits for the first one's). */
  private readonly listening = new Map<string, Promise<void>>();

  constructor(private readonly config: pg.ClientConfig) {}

  /** Resolves once the LISTEN is in place, so a signal committed after it is not missed. */
  async on(channel: string, fn: SignalListener): Promise<() => void> {
    checkChannel(channel);
    const { first, remove } = this.listeners.add(channel, fn);
    if (first)
      this.listening.set(
        channel,
        this.connection().then((c) => this.listen(c, channel)),
      );
    try {
      await this.listening.get(channel);
    } catch (err) {
      if (remove()) this.listening.delete(channel);
      throw err;
    }
    return () => {
      if (!remove()) return;
      this.listening.delete(channel);
      this.client?.query(`UNLISTEN ${channel}`).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    // A connection still being opened ends itself once open (connect() sees `closed`).
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    if (this.closed) throw new Error('the database is closed');
    const client = new pg.Client(this.config);
    client.on('notification', (n) => this.listeners.emit(n.channel));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of this.listeners.channels()) await this.listen(client, channel);
      // Closed while this connection was being opened: it must not outlive the database.
      if (this.closed) throw new Error('the database is closed');
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
    return client;
  }

  private async listen(client: pg.Client, channel: string): Promise<void> {
    await client.query(`LISTEN ${channel}`);
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.closed || this.listeners.channels().length === 0) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.connection().then(
        () => this.listeners.emitAll(),
        () => this.reconnectLater(),
      );
    }, RECONNECT_MS);
    this.retry.unref();
  }
}
