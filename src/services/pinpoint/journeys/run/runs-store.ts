/**
 * The journey runs (pinpoint_journey_runs) and their counters (pinpoint_journey_counts). A run is
 * one entry of endpoints into a journey (GetJourneyRuns: "each scheduled entry of endpoints into
 * the journey"); its counters are kept per activity (`''` for the journey's own) and added to in
 * the transaction of the batch that counted them.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../../../../store/index.js';
import type { Scope } from '../../store.js';
import type { JourneyRun } from '../ports.js';

export type RunStatus = JourneyRun['Status'];

export interface RunRow {
  run_id: string;
  account: string;
  region: string;
  app_id: string;
  journey_id: string;
  version: number;
  status: RunStatus;
  start_at: string;
  /** 1 once every endpoint of the start condition has entered. */
  entered: number;
  /** How many eligible endpoints of the segment were taken in (a restart resumes after them). */
  cursor: number;
  /** JSON list of endpoint ids for a run an event started; null for the start segment. */
  endpoints: string | null;
  /** The start segment's version the run entered (RefreshOnSegmentUpdate starts a run for a newer one). */
  segment_version: number | null;
  paused: number;
  created_at: string;
  updated_at: string;
}

export const scopeOfRun = (r: RunRow): Scope => ({ account: r.account, region: r.region });

/** Counter increments: `<activity id or ''>\n<metric>` → n. */
export type Tally = Map<string, number>;
export const JOURNEY = '';
export const bump = (t: Tally, activity: string, metric: string, n = 1): void => {
  if (n === 0) return;
  const k = `${activity}\n${metric}`;
  t.set(k, (t.get(k) ?? 0) + n);
};

export class JourneyRuns {
  constructor(readonly db: Database) {}

  async create(
    scope: Scope,
    appId: string,
    journeyId: string,
    version: number,
    startAt: Date,
    now: Date,
    from: { endpoints?: string[]; segmentVersion?: number } = {},
  ): Promise<string> {
    const { endpoints, segmentVersion } = from;
    const id = randomBytes(16).toString('hex');
    const status: RunStatus = startAt > now ? 'SCHEDULED' : 'RUNNING';
    await this.db.run(
      `INSERT INTO pinpoint_journey_runs (run_id, account, region, app_id, journey_id, version, status, start_at, endpoints, segment_version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        scope.account,
        scope.region,
        appId,
        journeyId,
        version,
        status,
        startAt.toISOString(),
        endpoints ? JSON.stringify(endpoints) : null,
        segmentVersion ?? null,
        now.toISOString(),
        now.toISOString(),
      ],
    );
    return id;
  }

  get(runId: string): Promise<RunRow | undefined> {
    return this.db.get<RunRow>('SELECT * FROM pinpoint_journey_runs WHERE run_id = ?', [runId]);
  }

  /** A journey's runs, newest first, from `offset`, at most `limit`. */
  ofJourney(journeyId: string, offset: number, limit: number): Promise<RunRow[]> {
    return this.db.all<RunRow>(
      `SELECT * FROM pinpoint_journey_runs WHERE journey_id = ? ORDER BY created_at DESC, run_id
       LIMIT ${Math.max(0, Math.floor(limit))} OFFSET ${Math.max(0, Math.floor(offset))}`,
      [journeyId],
    );
  }

  /** The journey's next run whose endpoints are to enter now (not paused, not cancelled). */
  nextEntry(journeyId: string, now: Date): Promise<RunRow | undefined> {
    return this.db.get<RunRow>(
      `SELECT * FROM pinpoint_journey_runs WHERE journey_id = ? AND entered = 0 AND paused = 0
         AND start_at <= ? AND status IN ('SCHEDULED', 'RUNNING') ORDER BY start_at LIMIT 1`,
      [journeyId, now.toISOString()],
    );
  }

  /** When the journey's earliest run not yet entered starts. */
  async nextEntryAt(journeyId: string): Promise<string | undefined> {
    const row = await this.db.get<{ at: string | null }>(
      `SELECT MIN(start_at) AS at FROM pinpoint_journey_runs WHERE journey_id = ? AND entered = 0
         AND paused = 0 AND status IN ('SCHEDULED', 'RUNNING')`,
      [journeyId],
    );
    return row?.at ?? undefined;
  }

  /** The latest segment run of a journey (its start and the segment version it entered). */
  lastSegmentRun(journeyId: string): Promise<RunRow | undefined> {
    return this.db.get<RunRow>(
      `SELECT * FROM pinpoint_journey_runs WHERE journey_id = ? AND endpoints IS NULL ORDER BY start_at DESC LIMIT 1`,
      [journeyId],
    );
  }

  /** Moves the start of a journey's runs that have not started (its Schedule.StartTime changed). */
  async reschedule(journeyId: string, at: Date, now: Date): Promise<void> {
    await this.db.run(
      `UPDATE pinpoint_journey_runs SET start_at = ?, status = ?, updated_at = ? WHERE journey_id = ? AND status = 'SCHEDULED' AND entered = 0`,
      [at.toISOString(), at > now ? 'SCHEDULED' : 'RUNNING', now.toISOString(), journeyId],
    );
  }

  async setStatus(runId: string, status: RunStatus, now: Date): Promise<void> {
    await this.db.run('UPDATE pinpoint_journey_runs SET status = ?, updated_at = ? WHERE run_id = ?', [
      status,
      now.toISOString(),
      runId,
    ]);
  }

  /**
   * Records how far the run's entry got; false when the run is gone (its journey deleted). First
   * in a batch's transaction: the row it updates stays locked until the batch commits, so a
   * deletion waits for the batch or the batch sees the deletion (PostgreSQL runs them side by side).
   */
  async progress(runId: string, cursor: number, entered: boolean, now: Date): Promise<boolean> {
    const r = await this.db.run(
      `UPDATE pinpoint_journey_runs SET cursor = ?, entered = ?, status = CASE WHEN status = 'SCHEDULED' THEN 'RUNNING' ELSE status END,
         updated_at = ? WHERE run_id = ?`,
      [cursor, entered ? 1 : 0, now.toISOString(), runId],
    );
    return r.changes > 0;
  }

  /** Marks the run's counters changed; false when the run is gone. Locks the run as progress does. */
  async touch(runId: string, now: Date): Promise<boolean> {
    const r = await this.db.run('UPDATE pinpoint_journey_runs SET updated_at = ? WHERE run_id = ?', [
      now.toISOString(),
      runId,
    ]);
    return r.changes > 0;
  }

  /** Holds (1) or releases (0) every run of a journey: PAUSED and resumed. */
  async setPaused(journeyId: string, paused: boolean): Promise<void> {
    await this.db.run('UPDATE pinpoint_journey_runs SET paused = ? WHERE journey_id = ?', [
      paused ? 1 : 0,
      journeyId,
    ]);
  }

  /** Cancels a journey's runs that have not ended. */
  async cancel(journeyId: string, now: Date): Promise<void> {
    await this.db.run(
      `UPDATE pinpoint_journey_runs SET status = 'CANCELLED', updated_at = ? WHERE journey_id = ? AND status IN ('SCHEDULED', 'RUNNING')`,
      [now.toISOString(), journeyId],
    );
  }

  /** The journey's runs that have entered everyone and have no endpoint left in them. */
  finished(journeyId: string): Promise<RunRow[]> {
    return this.db.all<RunRow>(
      `SELECT * FROM pinpoint_journey_runs r WHERE r.journey_id = ? AND r.status = 'RUNNING' AND r.entered = 1
         AND NOT EXISTS (SELECT 1 FROM pinpoint_journey_places p WHERE p.run_id = r.run_id AND p.state = 'active')`,
      [journeyId],
    );
  }

  /** Whether a journey has a run that has not ended. */
  async open(journeyId: string): Promise<boolean> {
    return !!(await this.db.get(
      `SELECT 1 FROM pinpoint_journey_runs WHERE journey_id = ? AND status IN ('SCHEDULED', 'RUNNING') LIMIT 1`,
      [journeyId],
    ));
  }

  /**
   * Deletes a journey's runs and all they hold. The runs go first: a batch committing meanwhile
   * holds its run's row (progress, touch), so this waits for it and then deletes what it wrote.
   */
  async deleteJourney(journeyId: string): Promise<void> {
    for (const table of [
      'pinpoint_journey_runs',
      'pinpoint_journey_places',
      'pinpoint_journey_counts',
      'pinpoint_journey_sends',
    ])
      await this.db.run(`DELETE FROM ${table} WHERE journey_id = ?`, [journeyId]);
  }

  // ---- counters ----

  async add(run: RunRow, tally: Tally): Promise<void> {
    for (const [k, n] of tally) {
      const [activity, metric] = k.split('\n');
      // Qualified: PostgreSQL finds a bare `n` ambiguous between the row and `excluded`.
      await this.db.run(
        `INSERT INTO pinpoint_journey_counts (run_id, journey_id, activity_id, metric, n) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (run_id, activity_id, metric) DO UPDATE SET n = pinpoint_journey_counts.n + excluded.n`,
        [run.run_id, run.journey_id, activity, metric, n],
      );
    }
  }

  /** Counters of a journey (every run, or one) for an activity (`''`: the journey's). */
  async counts(journeyId: string, activity: string, runId?: string): Promise<Record<string, number>> {
    // PostgreSQL sums BIGINT as NUMERIC, which node-postgres returns as text.
    const rows = await this.db.all<{ metric: string; n: number | string }>(
      `SELECT metric, SUM(n) AS n FROM pinpoint_journey_counts WHERE journey_id = ? AND activity_id = ?
         ${runId ? 'AND run_id = ?' : ''} GROUP BY metric ORDER BY metric`,
      runId ? [journeyId, activity, runId] : [journeyId, activity],
    );
    return Object.fromEntries(rows.map((r) => [r.metric, Number(r.n)]));
  }

  /** When a journey's (or one run's) counters last changed. */
  async lastUpdate(journeyId: string, runId?: string): Promise<string | undefined> {
    const row = await this.db.get<{ at: string | null }>(
      `SELECT MAX(updated_at) AS at FROM pinpoint_journey_runs WHERE journey_id = ? ${runId ? 'AND run_id = ?' : ''}`,
      runId ? [journeyId, runId] : [journeyId],
    );
    return row?.at ?? undefined;
  }
}
