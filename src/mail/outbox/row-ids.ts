/**
 * Outbox row ids taken ahead of use from PostgreSQL's identity sequence, a block at a time. With the
 * id known before the row is written, queuing a message (its row, its mailbox listing, its
 * delivery job) is writes only, which travel with the sending transaction's COMMIT: one round trip
 * for the transaction instead of one more for the id an `INSERT … RETURNING` answers. A block
 * costs one statement per BLOCK rows; ids a process took and never used are gaps, as a rolled-back
 * insert's are.
 */
import type { Database } from '../../store/index.js';

const BLOCK = 64;

export class RowIdBlocks {
  private ids: number[] = [];
  private taken = 0;
  private fetching: Promise<number[]> | undefined;

  constructor(
    private readonly db: Database,
    private readonly table: string,
    private readonly column: string,
  ) {}

  /**
   * The next id. Callers that find the block used up wait for one fetch between them; the fetch
   * runs in its caller's transaction (if any), so if that transaction's earlier statement fails,
   * only its caller sees the error and the others fetch for themselves.
   */
  async next(): Promise<number> {
    for (;;) {
      if (this.taken < this.ids.length) return this.ids[this.taken++]!;
      const shared = this.fetching;
      if (!shared) {
        const mine = this.fetch();
        this.fetching = mine;
        try {
          this.refill(await mine);
        } finally {
          if (this.fetching === mine) this.fetching = undefined;
        }
        continue;
      }
      try {
        await shared;
      } catch {
        // Its caller's failure: the loop fetches again, for this caller.
      }
    }
  }

  private refill(ids: number[]): void {
    // Left-over ids of an earlier block (two fetches that met) are used up first.
    this.ids = [...this.ids.slice(this.taken), ...ids];
    this.taken = 0;
  }

  private async fetch(): Promise<number[]> {
    const rows = await this.db.all<{ id: number }>(
      `SELECT nextval(pg_get_serial_sequence('${this.table}', '${this.column}')) AS id
       FROM generate_series(1, ${BLOCK})`,
    );
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }
}
