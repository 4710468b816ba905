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
  private taking: Promise<number[]> | undefined;

  constructor(
    private readonly db: Database,
    private readonly table: string,
    private readonly column: string,
  ) {}

  /**
   * The next id. Callers that find the block used up wait for one block between them; taking it
   * runs in its caller's transaction (if any), so if that transaction's earlier statement fails,
   * only its caller sees the error and the others take a block for themselves.
   */
  async next(): Promise<number> {
    for (;;) {
      if (this.taken < this.ids.length) return this.ids[this.taken++]!;
      const shared = this.taking;
      if (!shared) {
        const mine = this.takeBlock();
        this.taking = mine;
        try {
          // A block is taken only once the last one is used up and no other is being taken.
          this.ids = await mine;
          this.taken = 0;
        } finally {
          if (this.taking === mine) this.taking = undefined;
        }
        continue;
      }
      try {
        await shared;
      } catch {
        // Its caller's failure: the loop takes a block again, for this caller.
      }
    }
  }

  /** The next BLOCK values of the sequence: a statement to the database, nothing from a request. */
  private async takeBlock(): Promise<number[]> {
    const rows = await this.db.all<{ id: number }>(
      `SELECT nextval(pg_get_serial_sequence('${this.table}', '${this.column}')) AS id
       FROM generate_series(1, ${BLOCK})`,
    );
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }
}
