/**
 * Group commit on PostgreSQL: the transactions that reach their COMMIT with everything still
 * queued (writes only, nothing sent yet: a send's whole transaction) within one turn of the event
 * loop go to the server as one transaction in one message — `BEGIN; <first's writes>; <second's
 * writes>; …; COMMIT` — as SQLite's transactions share one COMMIT (sqlite.ts). A campaign message's
 * send was one round trip of its own; each round trip is a socket write, a wake-up of the server
 * and a reply to parse, the largest cost left a message on PostgreSQL.
 *
 * Running them one after the other in one transaction is what they would have done one at a time:
 * none reads, so none depends on when it runs, and each sees the ones before it as committed. What
 * one transaction must not do is fail the others: when the server answers the message with an
 * error, the whole of it rolled back (nothing of a failed message commits), and each member is sent
 * again alone, in order, so the one that fails fails alone, with its own error, and the rest
 * commit. A lost connection instead leaves the outcome unknown, as for a single COMMIT whose answer
 * is lost: every member is told so, none is sent again.
 */
import type pg from 'pg';
import { mergeStatements, type QueuedStatement } from './postgres-merged-inserts.js';

/** The most transactions one message carries; bounds the message and the locks held together. */
const MAX_MEMBERS = 32;

interface Member {
  statements: readonly QueuedStatement[];
  committed: () => void;
  failed: (err: unknown) => void;
}

export class SharedCommits {
  private waiting: Member[] = [];
  private scheduled = false;

  constructor(
    private readonly pool: pg.Pool,
    /** Counts a message sent and answered (the store's round trips). */
    private readonly sent: () => void,
  ) {}

  /** Commits the transaction of `statements` (its writes, without BEGIN and COMMIT). */
  commit(statements: readonly QueuedStatement[]): Promise<void> {
    return new Promise<void>((committed, failed) => {
      this.waiting.push({ statements, committed, failed });
      if (this.waiting.length >= MAX_MEMBERS) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        // The other transactions finishing in this turn of the loop join it.
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    const members = this.waiting;
    this.waiting = [];
    if (members.length === 1) void this.alone(members[0]!);
    else if (members.length > 1) void this.together(members);
  }

  private async together(members: Member[]): Promise<void> {
    const client = await this.connect(members);
    if (!client) return;
    const { error, broken } = await this.run(
      client,
      members.flatMap((m) => m.statements),
    );
    client.release(broken);
    if (error === undefined) for (const m of members) m.committed();
    else if (isConnectionError(error)) for (const m of members) m.failed(error);
    // Refused: nothing of it committed; each alone tells which one fails. One after another, in
    // the message's order, so what commits comes out as the message would have left it (two rows
    // of one key under a merged DO UPDATE refuse it; alone, the later one wins).
    else for (const m of members) await this.alone(m);
  }

  private async alone(m: Member): Promise<void> {
    const client = await this.connect([m]);
    if (!client) return;
    const { error, broken } = await this.run(client, m.statements);
    client.release(broken);
    if (error === undefined) m.committed();
    else m.failed(error);
  }

  /** One transaction of `statements`, rolled back when the server refuses one of them. */
  private async run(
    client: pg.PoolClient,
    statements: readonly QueuedStatement[],
  ): Promise<{ error?: unknown; broken: boolean }> {
    try {
      this.sent();
      await client.query(message(mergeStatements(statements)));
      return { broken: false };
    } catch (error) {
      if (isConnectionError(error)) return { error, broken: true };
      // The message stopped at the failed statement, inside the transaction it opened.
      this.sent();
      const broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      return { error, broken };
    }
  }

  private async connect(members: Member[]): Promise<pg.PoolClient | undefined> {
    try {
      return await this.pool.connect();
    } catch (err) {
      for (const m of members) m.failed(err);
      return undefined;
    }
  }
}

// A newline, not only `;`, between statements: a statement's closing `--` comment ends there.
const message = (statements: string[]): string => ['BEGIN', ...statements, 'COMMIT'].join(';\n');

/** Not an answer from the server (which carries a five-character SQLSTATE). */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code);
}
