/**
 * The durable schedule: campaign runs, their activities, endpoints held back until a later time,
 * and the send log the Daily/Total limits count. A run's progress (its cursor over the segment and
 * its activities' counts) is written in one transaction per batch, so after a crash a run resumes
 * from the last batch that committed.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../../../store/index.js';
import type { Scope } from '../store.js';
import type { ActivityDoc } from './model.js';

/** due: waiting for scheduled_at; executing: sending; holding: only held endpoints remain; done. */
export type RunState = 'due' | 'executing' | 'holding' | 'done';

export interface RunRow {
  run_id: string;
  account: string;
  region: string;
  app_id: string;
  campaign_id: string;
  version: number;
  seq: number;
  scheduled_at: string;
  state: RunState;
  cursor: number;
  /** JSON list of endpoint ids for a run an event started; null for the whole segment. */
  endpoints: string | null;
  started_at: string | null;
  ended_at: string | null;
}

export interface HeldRow {
  endpoint_id: string;
  treatment_id: string;
  release_at: string;
}

export const newId = () => randomBytes(16).toString('hex');
export const scopeOfRun = (r: RunRow): Scope => ({ account: r.account, region: r.region });

export class CampaignRuns {
  constructor(readonly db: Database) {}

  schedule(
    scope: Scope,
    appId: string,
    campaignId: string,
    version: number,
    at: Date,
    endpoints?: string[],
  ): string {
    const id = newId();
    const seq =
      (this.db.get<{ n: number | null }>(
        'SELECT MAX(seq) AS n FROM pinpoint_campaign_runs WHERE account = ? AND region = ? AND app_id = ? AND campaign_id = ?',
        [scope.account, scope.region, appId, campaignId],
      )?.n ?? 0) + 1;
    this.db.run(
      `INSERT INTO pinpoint_campaign_runs (run_id, account, region, app_id, campaign_id, version, seq, scheduled_at, state, cursor, endpoints)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'due', 0, ?)`,
      [
        id,
        scope.account,
        scope.region,
        appId,
        campaignId,
        version,
        seq,
        at.toISOString(),
        endpoints ? JSON.stringify(endpoints) : null,
      ],
    );
    return id;
  }

  /** Drops the runs of a campaign that have not started (its schedule changed). */
  cancelDue(scope: Scope, appId: string, campaignId: string): void {
    this.db.run(
      `DELETE FROM pinpoint_campaign_runs WHERE account = ? AND region = ? AND app_id = ? AND campaign_id = ? AND state = 'due'`,
      [scope.account, scope.region, appId, campaignId],
    );
  }

  /** Runs not yet started send the campaign's latest version. */
  retarget(scope: Scope, appId: string, campaignId: string, version: number): void {
    this.db.run(
      `UPDATE pinpoint_campaign_runs SET version = ? WHERE account = ? AND region = ? AND app_id = ? AND campaign_id = ? AND state = 'due'`,
      [version, scope.account, scope.region, appId, campaignId],
    );
  }

  /** Forgets a deleted campaign: its runs, activities, held endpoints and send log. */
  deleteCampaign(scope: Scope, appId: string, campaignId: string): void {
    const where = 'account = ? AND region = ? AND app_id = ? AND campaign_id = ?';
    const params = [scope.account, scope.region, appId, campaignId];
    this.db.run(
      `DELETE FROM pinpoint_campaign_held WHERE run_id IN (SELECT run_id FROM pinpoint_campaign_runs WHERE ${where})`,
      params,
    );
    this.db.run(`DELETE FROM pinpoint_campaign_runs WHERE ${where}`, params);
    this.db.run(`DELETE FROM pinpoint_campaign_activities WHERE ${where}`, params);
    this.db.run(`DELETE FROM pinpoint_campaign_deliveries WHERE ${where}`, params);
  }

  get(runId: string): RunRow | undefined {
    return this.db.get<RunRow>('SELECT * FROM pinpoint_campaign_runs WHERE run_id = ?', [runId]);
  }

  /**
   * The next run to work on: one interrupted while executing (a restart), then one whose held
   * endpoints are due, then the earliest due run. `skip` leaves out runs of paused campaigns.
   */
  next(now: Date, skip: (r: RunRow) => boolean): RunRow | undefined {
    const at = now.toISOString();
    const candidates = [
      ...this.db.all<RunRow>(
        `SELECT * FROM pinpoint_campaign_runs WHERE state = 'executing' ORDER BY scheduled_at`,
      ),
      ...this.db.all<RunRow>(
        `SELECT * FROM pinpoint_campaign_runs r WHERE state = 'holding'
           AND EXISTS (SELECT 1 FROM pinpoint_campaign_held h WHERE h.run_id = r.run_id AND h.release_at <= ?)
         ORDER BY scheduled_at`,
        [at],
      ),
      ...this.db.all<RunRow>(
        `SELECT * FROM pinpoint_campaign_runs WHERE state = 'due' AND scheduled_at <= ? ORDER BY scheduled_at LIMIT 100`,
        [at],
      ),
    ];
    return candidates.find((r) => !skip(r));
  }

  /**
   * When the scheduler next has work, by the same order as `next` and leaving out what `skip`
   * rejects: a run interrupted while executing (due already), the earliest held endpoint of a
   * holding run, the earliest due run. Undefined when there is none.
   */
  nextDue(skip: (r: RunRow) => boolean): Date | undefined {
    const firstOf = (rows: (RunRow & { due: string })[]) => rows.find((r) => !skip(r))?.due;
    const times = [
      firstOf(
        this.db.all<RunRow & { due: string }>(
          `SELECT *, scheduled_at AS due FROM pinpoint_campaign_runs WHERE state = 'executing' ORDER BY scheduled_at`,
        ),
      ),
      firstOf(
        this.db.all<RunRow & { due: string }>(
          `SELECT r.*, MIN(h.release_at) AS due FROM pinpoint_campaign_runs r
             JOIN pinpoint_campaign_held h ON h.run_id = r.run_id
           WHERE r.state = 'holding' GROUP BY r.run_id ORDER BY due LIMIT 100`,
        ),
      ),
      firstOf(
        this.db.all<RunRow & { due: string }>(
          `SELECT *, scheduled_at AS due FROM pinpoint_campaign_runs WHERE state = 'due' ORDER BY scheduled_at LIMIT 100`,
        ),
      ),
    ].filter((t): t is string => t !== undefined);
    if (times.length === 0) return undefined;
    return new Date(times.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b)));
  }

  setState(runId: string, state: RunState, at?: Date): void {
    if (state === 'executing')
      this.db.run(
        'UPDATE pinpoint_campaign_runs SET state = ?, started_at = COALESCE(started_at, ?) WHERE run_id = ?',
        [state, at?.toISOString() ?? null, runId],
      );
    else if (state === 'done')
      this.db.run('UPDATE pinpoint_campaign_runs SET state = ?, ended_at = ? WHERE run_id = ?', [
        state,
        at?.toISOString() ?? null,
        runId,
      ]);
    else this.db.run('UPDATE pinpoint_campaign_runs SET state = ? WHERE run_id = ?', [state, runId]);
  }

  setCursor(runId: string, cursor: number): void {
    this.db.run('UPDATE pinpoint_campaign_runs SET cursor = ? WHERE run_id = ?', [cursor, runId]);
  }

  /** The states of a campaign's runs, for its CampaignStatus. */
  states(scope: Scope, appId: string, campaignId: string): Set<RunState> {
    return new Set(
      this.db
        .all<{ state: RunState }>(
          'SELECT DISTINCT state FROM pinpoint_campaign_runs WHERE account = ? AND region = ? AND app_id = ? AND campaign_id = ?',
          [scope.account, scope.region, appId, campaignId],
        )
        .map((r) => r.state),
    );
  }

  // ---- activities ----

  putActivity(run: RunRow, doc: ActivityDoc): void {
    const json = JSON.stringify(doc);
    const updated = this.db.run('UPDATE pinpoint_campaign_activities SET doc = ? WHERE activity_id = ?', [
      json,
      doc.Id,
    ]);
    if (updated.changes > 0) return;
    this.db.run(
      `INSERT INTO pinpoint_campaign_activities (activity_id, run_id, account, region, app_id, campaign_id, seq, treatment_id, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        doc.Id,
        run.run_id,
        run.account,
        run.region,
        run.app_id,
        run.campaign_id,
        run.seq,
        doc.TreatmentId,
        json,
      ],
    );
  }

  activitiesOfRun(runId: string): ActivityDoc[] {
    return this.db
      .all<{ doc: string }>(
        'SELECT doc FROM pinpoint_campaign_activities WHERE run_id = ? ORDER BY treatment_id',
        [runId],
      )
      .map((r) => JSON.parse(r.doc) as ActivityDoc);
  }

  /** A campaign's activities, newest run first, from `offset`, at most `limit`. */
  activities(scope: Scope, appId: string, campaignId: string, offset: number, limit: number): ActivityDoc[] {
    return this.db
      .all<{ doc: string }>(
        `SELECT doc FROM pinpoint_campaign_activities WHERE account = ? AND region = ? AND app_id = ? AND campaign_id = ?
         ORDER BY seq DESC, treatment_id LIMIT ${Math.floor(limit)} OFFSET ${Math.floor(offset)}`,
        [scope.account, scope.region, appId, campaignId],
      )
      .map((r) => JSON.parse(r.doc) as ActivityDoc);
  }

  // ---- held endpoints ----

  hold(runId: string, rows: HeldRow[]): void {
    for (const r of rows)
      this.db.run(
        'INSERT INTO pinpoint_campaign_held (run_id, endpoint_id, treatment_id, release_at) VALUES (?, ?, ?, ?) ON CONFLICT (run_id, endpoint_id) DO NOTHING',
        [runId, r.endpoint_id, r.treatment_id, r.release_at],
      );
  }

  dueHeld(runId: string, now: Date, limit: number): HeldRow[] {
    return this.db.all<HeldRow>(
      `SELECT endpoint_id, treatment_id, release_at FROM pinpoint_campaign_held WHERE run_id = ? AND release_at <= ?
       ORDER BY release_at, endpoint_id LIMIT ${Math.floor(limit)}`,
      [runId, now.toISOString()],
    );
  }

  release(runId: string, endpointIds: string[]): void {
    for (const id of endpointIds)
      this.db.run('DELETE FROM pinpoint_campaign_held WHERE run_id = ? AND endpoint_id = ?', [runId, id]);
  }

  heldCount(runId: string): number {
    return (
      this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM pinpoint_campaign_held WHERE run_id = ?', [runId])
        ?.n ?? 0
    );
  }

  // ---- the send log (Daily / Total limits) ----

  logDeliveries(run: RunRow, endpointIds: string[], at: Date): void {
    const sentAt = at.toISOString();
    for (const id of endpointIds)
      this.db.run(
        'INSERT INTO pinpoint_campaign_deliveries (account, region, app_id, campaign_id, endpoint_id, sent_at) VALUES (?, ?, ?, ?, ?, ?)',
        [run.account, run.region, run.app_id, run.campaign_id, id, sentAt],
      );
  }

  /** Per endpoint: messages this campaign sent it in all (`total`) and since `since` (`recent`). */
  deliveryCounts(
    run: RunRow,
    endpointIds: string[],
    since: Date,
  ): Map<string, { total: number; recent: number }> {
    const out = new Map<string, { total: number; recent: number }>();
    const chunk = 500;
    for (let i = 0; i < endpointIds.length; i += chunk) {
      const ids = endpointIds.slice(i, i + chunk);
      const rows = this.db.all<{ endpoint_id: string; total: number; recent: number }>(
        `SELECT endpoint_id, COUNT(*) AS total, SUM(CASE WHEN sent_at >= ? THEN 1 ELSE 0 END) AS recent
         FROM pinpoint_campaign_deliveries WHERE account = ? AND region = ? AND app_id = ? AND campaign_id = ?
         AND endpoint_id IN (${ids.map(() => '?').join(', ')}) GROUP BY endpoint_id`,
        [since.toISOString(), run.account, run.region, run.app_id, run.campaign_id, ...ids],
      );
      for (const r of rows) out.set(r.endpoint_id, { total: r.total, recent: r.recent });
    }
    return out;
  }
}
