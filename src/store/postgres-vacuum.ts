/**
 * VACUUM and ANALYZE of Pinpost's own tables when the PostgreSQL server's autovacuum is off.
 *
 * Pinpost's queue tables churn: a campaign message inserts and deletes a job, and updates its
 * outbox and mailbox rows once, each change leaving a dead row version that only VACUUM frees.
 * With autovacuum off (as on this project's CI server) nothing frees them: in a 100,000-endpoint
 * campaign `pinpost_jobs` held 190,000 dead rows beside 300 live ones, no table was ever analyzed,
 * and the database server's CPU a message grew from 0.9 to 1.3 ms; with autovacuum on, or these
 * passes, it stayed at 0.8–0.9 (DESIGN.md, "PostgreSQL maintenance").
 *
 * So a worker process does what autovacuum would have: every `autovacuum_naptime` it reads the
 * server's settings, and when autovacuum is off it picks the tables of its schema that
 * autovacuum's own rules would pick (`due`) and vacuums or analyzes them, one at a time. Where
 * autovacuum is on this is a connection and one query a naptime. One process of a cluster works at
 * a time (a session advisory lock it only tries). A table locked by someone else is left for the
 * next pass (`lock_timeout`) rather than waited for.
 */
import pg from 'pg';
import type { Logger } from 'pino';

/** The server's settings a pass reads (`current_setting`), as numbers where they are numbers. */
export interface VacuumSettings {
  autovacuum: boolean;
  /** `server_version_num`: inserts count toward a vacuum from 13 on. */
  version: number;
  vacuumThreshold: number;
  vacuumScaleFactor: number;
  insertThreshold: number;
  insertScaleFactor: number;
  analyzeThreshold: number;
  analyzeScaleFactor: number;
}

/** A table's counts in `pg_stat_user_tables` and its `pg_class.reltuples`. */
export interface TableCounts {
  name: string;
  /** -1 (from PostgreSQL 14) when the table was never vacuumed or analyzed: counted as 0. */
  reltuples: number;
  deadRows: number;
  /** Undefined before PostgreSQL 13, which did not count them. */
  insertedSinceVacuum?: number;
  modifiedSinceAnalyze: number;
}

export interface DueTable {
  name: string;
  /** VACUUM (ANALYZE) when true, ANALYZE alone when false. */
  vacuum: boolean;
}

/**
 * The tables autovacuum would work on, by its rules ("The Autovacuum Daemon", PostgreSQL's
 * documentation): dead rows above vacuum threshold + scale factor × reltuples, or rows inserted
 * since the last vacuum above the insert threshold + its scale factor × reltuples, call for a
 * VACUUM; rows changed since the last analyze above the analyze threshold + its scale factor ×
 * reltuples, for an ANALYZE. Nothing when autovacuum is on: the server does it.
 */
export function due(settings: VacuumSettings, tables: readonly TableCounts[]): DueTable[] {
  if (settings.autovacuum) return [];
  const picked: DueTable[] = [];
  for (const t of tables) {
    const rows = Math.max(t.reltuples, 0);
    const vacuum =
      t.deadRows > settings.vacuumThreshold + settings.vacuumScaleFactor * rows ||
      (t.insertedSinceVacuum !== undefined &&
        t.insertedSinceVacuum > settings.insertThreshold + settings.insertScaleFactor * rows);
    const analyze = t.modifiedSinceAnalyze > settings.analyzeThreshold + settings.analyzeScaleFactor * rows;
    if (vacuum || analyze) picked.push({ name: t.name, vacuum });
  }
  return picked;
}

/** What a pass did. */
export interface VacuumPass {
  /** `server`: autovacuum is on; `busy`: another process holds the pass; `ran`: it looked. */
  outcome: 'server' | 'busy' | 'ran';
  vacuumed: string[];
  analyzed: string[];
  /** Tables left for the next pass: locked by someone else, or the statement failed. */
  skipped: string[];
}

/** Inserts count toward a vacuum from PostgreSQL 13 on: before, their settings read NULL. */
const SETTINGS = `SELECT current_setting('autovacuum') = 'on' AS autovacuum,
  current_setting('server_version_num')::int AS version,
  extract(epoch FROM current_setting('autovacuum_naptime')::interval)::float8 AS naptime,
  current_setting('autovacuum_vacuum_threshold')::float8 AS vt,
  current_setting('autovacuum_vacuum_scale_factor')::float8 AS vs,
  current_setting('autovacuum_vacuum_insert_threshold', true)::float8 AS it,
  current_setting('autovacuum_vacuum_insert_scale_factor', true)::float8 AS "is",
  current_setting('autovacuum_analyze_threshold')::float8 AS at,
  current_setting('autovacuum_analyze_scale_factor')::float8 AS "as"`;

/** Tables of the connection's schema that its user owns (VACUUM wants the owner). */
const counts = (withInserts: boolean) => `SELECT s.relname AS name, c.reltuples::float8 AS reltuples,
  s.n_dead_tup AS dead, ${withInserts ? 's.n_ins_since_vacuum' : 'NULL'} AS inserted,
  s.n_mod_since_analyze AS modified
  FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
  WHERE s.schemaname = current_schema() AND pg_has_role(c.relowner, 'USAGE')
  ORDER BY s.relname`;

/** How long a pass waits for a table's lock before leaving the table for the next pass. */
const LOCK_TIMEOUT = '1s';

export class OwnVacuum {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<VacuumPass> | undefined;
  /** The backend of the running pass, to cancel on stop. */
  private backend: number | undefined;
  private stopped = false;
  /** Tables vacuumed and analyzed by this process's passes (metrics). */
  vacuums = 0;
  analyzes = 0;

  constructor(
    /** The store's connection settings (its schema's search_path among them). */
    private readonly config: pg.ClientConfig,
    /** The pass's advisory lock key (per schema, as the store's other locks). */
    private readonly lockKey: string,
    private readonly pool: pg.Pool,
  ) {}

  /**
   * Runs a pass every `autovacuum_naptime` (the server's, read now; its default of a minute when it
   * cannot be read) until `stop`.
   */
  async start(log: Logger): Promise<void> {
    this.stopped = false;
    let seconds = 60;
    try {
      const settings = await readSettings(this.pool);
      if (!settings.autovacuum)
        log.warn("PostgreSQL's autovacuum is off: Pinpost vacuums and analyzes its own tables by its rules");
      seconds = settings.naptimeSeconds;
    } catch (err) {
      log.warn({ err }, "PostgreSQL's autovacuum settings could not be read; a pass will read them again");
    }
    const everyMs = Math.max(1, seconds) * 1000;
    const next = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        this.pass().then(
          (p) => {
            if (p.vacuumed.length + p.analyzed.length + p.skipped.length > 0)
              log.info(
                { vacuumed: p.vacuumed, analyzed: p.analyzed, skipped: p.skipped },
                'PostgreSQL maintenance pass',
              );
            next();
          },
          (err: unknown) => {
            log.warn({ err }, 'PostgreSQL maintenance pass failed');
            next();
          },
        );
      }, everyMs);
      this.timer.unref();
    };
    next();
  }

  /** One pass now (a pass already running is awaited instead). */
  pass(): Promise<VacuumPass> {
    this.running ??= this.work().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const backend = this.backend;
    if (backend !== undefined)
      await this.pool.query('SELECT pg_cancel_backend($1)', [backend]).catch(() => undefined);
    await this.running?.catch(() => undefined);
  }

  private async work(): Promise<VacuumPass> {
    const result: VacuumPass = { outcome: 'ran', vacuumed: [], analyzed: [], skipped: [] };
    // Its own connection: a vacuum lasts as long as its table needs, past the pool's statement
    // timeout, and stop() cancels it by its backend.
    const client = new pg.Client(this.config);
    // A connection lost between statements must not crash the process; the statement fails.
    client.on('error', () => undefined);
    await client.connect();
    try {
      const settings = await readSettings(client);
      if (settings.autovacuum) return { ...result, outcome: 'server' };
      const locked = await client.query<{ ok: boolean; pid: number }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS ok, pg_backend_pid() AS pid',
        [this.lockKey],
      );
      if (!locked.rows[0]?.ok) return { ...result, outcome: 'busy' };
      this.backend = locked.rows[0].pid;
      await client.query(`SET statement_timeout = 0; SET lock_timeout = '${LOCK_TIMEOUT}'`);
      const tables = await readCounts(client, settings.version >= 130000);
      for (const t of due(settings, tables)) {
        if (this.stopped) break;
        try {
          await client.query(`${t.vacuum ? 'VACUUM (ANALYZE)' : 'ANALYZE'} ${quoted(t.name)}`);
        } catch (err) {
          if (this.stopped && isCancelled(err)) break;
          result.skipped.push(t.name);
          continue;
        }
        if (t.vacuum) {
          result.vacuumed.push(t.name);
          this.vacuums++;
        } else {
          result.analyzed.push(t.name);
          this.analyzes++;
        }
      }
      return result;
    } finally {
      this.backend = undefined;
      // Ending the session ends its advisory lock.
      await client.end().catch(() => undefined);
    }
  }
}

async function readSettings(db: pg.Pool | pg.Client): Promise<VacuumSettings & { naptimeSeconds: number }> {
  const s = (await db.query<Record<string, number | boolean | null>>(SETTINGS)).rows[0]!;
  return {
    autovacuum: s.autovacuum === true,
    version: Number(s.version),
    naptimeSeconds: Number(s.naptime),
    vacuumThreshold: Number(s.vt),
    vacuumScaleFactor: Number(s.vs),
    insertThreshold: Number(s.it),
    insertScaleFactor: Number(s.is),
    analyzeThreshold: Number(s.at),
    analyzeScaleFactor: Number(s.as),
  };
}

async function readCounts(client: pg.Client, withInserts: boolean): Promise<TableCounts[]> {
  const rows = await client.query<{
    name: string;
    reltuples: number;
    dead: number;
    inserted: number | null;
    modified: number;
  }>(counts(withInserts));
  return rows.rows.map((r) => ({
    name: r.name,
    reltuples: Number(r.reltuples),
    deadRows: Number(r.dead),
    ...(r.inserted === null ? {} : { insertedSinceVacuum: Number(r.inserted) }),
    modifiedSinceAnalyze: Number(r.modified),
  }));
}

/** A table name from the catalog as an identifier (in the connection's schema). */
const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** 57014: canceled by pg_cancel_backend (stop). */
const isCancelled = (err: unknown): boolean => (err as { code?: unknown }).code === '57014';
