import type { Database } from './dialect.js';

/**
 * One schema step of one bounded context (`iam`, `sts`, `ses`, …). Versions are numbered from 1
 * within their context, so contexts evolve independently and a new one needs no global renumbering.
 */
export interface Migration {
  context: string;
  version: number;
  name: string;
  /**
   * Portable SQL (several statements allowed; the dialect translates types), SQL per engine where
   * the two differ (triggers), or a function for steps that need data.
   */
  up: string | { sqlite: string; postgres: string } | ((db: Database) => Promise<void>);
}

export interface AppliedMigration {
  context: string;
  version: number;
  name: string;
}

/**
 * Applies every migration not yet recorded, context by context, in version order, holding the
 * database-wide migration lock so that processes starting together on one PostgreSQL apply each
 * step once. Each step runs in its own transaction together with the row recording it, so a
 * failing step leaves neither its partial schema nor a record behind, and the next open retries it.
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[],
  // Real time, not the one clock: when this database's schema really changed (bookkeeping).
  now = () => new Date(),
): Promise<AppliedMigration[]> {
  checkNumbering(migrations);
  return db.exclusive('pinpost_migrations', async () => {
    await db.exec(db.dialect.migrationsTableDdl);
    const rows = await db.all<{ context: string; version: number }>(
      'SELECT context, version FROM pinpost_migrations',
    );
    const done = new Set(rows.map((r) => `${r.context}/${r.version}`));
    const pending = [...migrations]
      .filter((m) => !done.has(`${m.context}/${m.version}`))
      .sort((a, b) => a.context.localeCompare(b.context) || a.version - b.version);
    const applied: AppliedMigration[] = [];
    for (const m of pending) {
      await db.transaction(async () => {
        if (typeof m.up === 'function') await m.up(db);
        else await db.exec(typeof m.up === 'string' ? db.dialect.ddl(m.up) : m.up[db.dialect.name]);
        await db.run(
          'INSERT INTO pinpost_migrations (context, version, name, applied_at) VALUES (?, ?, ?, ?)',
          [m.context, m.version, m.name, now().toISOString()],
        );
      });
      applied.push({ context: m.context, version: m.version, name: m.name });
    }
    return applied;
  });
}

/** Versions of a context must be 1, 2, 3, … with no gap or duplicate: a gap is a lost file. */
function checkNumbering(migrations: readonly Migration[]): void {
  const byContext = new Map<string, number[]>();
  for (const m of migrations) byContext.set(m.context, [...(byContext.get(m.context) ?? []), m.version]);
  for (const [context, versions] of byContext) {
    versions.sort((a, b) => a - b);
    versions.forEach((v, i) => {
      if (v !== i + 1)
        throw new Error(`migrations of ${context} must be numbered 1..n; found ${versions.join(',')}`);
    });
  }
}
