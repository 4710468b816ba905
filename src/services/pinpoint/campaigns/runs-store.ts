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

  async schedule(
    scope: Scope,
    appId: string,
    campaignId: string,
    version: number,
    at: Date,
    endpoints?: string[],
  ): Promise<string> {
    const id = newId();
    const last = await this.db.get<{ n: number | null }>(
      'SELECT MAX(seq) AS n FROM pinpoint_campaign_runs WHERE account = ? AND region = ? AND app_id = ? AND campaign_id = ?',
      [scope.account, scope.region, appId, campaignId],
    );
    const seq = (last?.n ?? 0) + 1;
    await this.db.run(
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
  async cancelDue(scope: Scope, appId: string, campaignId: string): Promise<void> {
    await this.db.run(
      `DELETE FROM pinpoint_campaign_runs WHERE account = ? AND region = ? AND app_id = ? AND campaign_id = ? AND state = 'due'`,
      [scope.account, scope.region, appId, campaignId],
    );
  }

  /** Runs not yet started send the campaign's latest version. */
  async retarget(scope: Scope, appId: string, campaignId: string, version: number): Promise<void> {
    await this.db.run(
      `UPDATE pinpoint_campaign_runs SET version = ? WHERE account = ? AND region = ? AND app_id = ? AND campaign_id = ? AND state = 'due'`,
      [version, scope.account, scope.region, appId, campaignId],
    );
  }

  /** Forgets a deleted campaign: its runs, activities, held endpoints and send log. */
  async deleteCampaign(scope: Scope, appId: string, campaignId: string): Promise<void> {
    const where = 'account = ? AND region = ? AND app_id = ? AND campaign_id = ?';
    const params = [scope.account, scope.region, appId, campaignId];
    await this.db.run(
      `DELETE FROM pinpoint_campaign_held WHERE run_id IN (SELECT run_id FROM pinpoint_campaign_runs WHERE ${where})`,
      params,
    );
    await this.db.run(`DELETE FROM pinpoint_campaign_runs WHERE ${where}`, params);
    await this.db.run(`DELETE FROM pinpoint_campaign_activities WHERE ${where}`, params);
    await this.db.run(`DELETE FROM pinpoint_campaign_deliveries WHERE ${where}`, params);
  }

  get(runId: string): Promise<RunRow | undefined> {
    return this.db.get<RunRow>('SELECT * FROM pinpoint_campaign_runs WHERE run_id = ?', [runId]);
  }

  /**
   * The next run to work on: one interrupted while executing (a restart), then one whose held
   * endpoints are due, then the earliest due run. `skip` leaves out runs of paused campaigns.
   */
  async next(now: Date, skip: (r: RunRow) => Promise<boolean>): Promise<RunRow | undefined> {
    const at = now.toISOString();
    const [executing, holding, due] = await Promise.all([
      this.db.all<RunRow>(
        `SELECT * FROM pinpoint_campaign_runs WHERE state = 'executing' ORDER BY scheduled_at`,
      ),
      this.db.all<RunRow>(
        `SELECT * FROM pinpoint_campaign_runs r WHERE state = 'holding'
           AND EXISTS (SELECT 1 FROM pinpoint_campaign_held h WHERE h.run_id = r.run_id AND h.release_at <= ?)
         ORDER BY scheduled_at`,
        [at],
      ),
      this.db.all<RunRow>(
        `SELECT * FROM pinpoint_campaign_runs WHERE state = 'due' AND scheduled_at <= ? ORDER BY scheduled_at LIMIT 100`,
        [at],
      ),
    ]);
    for (const r of [...executing, ...holding, ...due]) if (!(await skip(r))) return r;
    return undefined;
  }

  /**
   * When the scheduler next has work, by the same order as `next` and leaving out what `skip`
   * rejects: a run interrupted while executing (due already), the earliest held endpoint of a
   * holding run, the earliest due run. Undefined when there is none.
   */
  async nextDue(skip: (r: RunRow) => Promise<boolean>): Promise<Date | undefined> {
    const firstOf = async (rows: (RunRow & { due: string })[]) => {
      for (const r of rows) if (!(await skip(r))) return r.due;
      return undefined;
    };
    const [executing, holding, due] = await Promise.all([
      this.db.all<RunRow & { due: string }>(
        `SELECT *, scheduled_at AS due FROM pinpoint_campaign_runs WHERE state = 'executing' ORDER BY scheduled_at`,
      ),
      // r.* with GROUP BY r.run_id: run_id is the primary key, so PostgreSQL accepts r's columns.
      this.db.all<RunRow & { due: string }>(
        `SELECT r.*, MIN(h.release_at) AS due FROM pinpoint_campaign_runs r
           JOIN pinpoint_campaign_held h ON h.run_id = r.run_id
         WHERE r.state = 'holding' GROUP BY r.run_id ORDER BY due LIMIT 100`,
      ),
      this.db.all<RunRow & { due: string }>(
        `SELECT *, scheduled_at AS due FROM pinpoint_campaign_runs WHERE state = 'due' ORDER BY scheduled_at LIMIT 100`,
      ),
    ]);
    const times = [await firstOf(executing), await firstOf(holding), await firstOf(due)].filter(
      (t): t is string => t !== undefined,
    );
    if (times.length === 0) return undefined;
    return new Date(times.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b)));
  }

  async setState(runId: string, state: RunState, at?: Date): Promise<void> {
    if (state === 'executing')
      await this.db.run(
        'UPDATE pinpoint_campaign_runs SET state = ?, started_at = COALESCE(started_at, ?) WHERE run_id = ?',
        [state, at?.toISOString() ?? null, runId],
      );
    else if (state === 'done')
      await this.db.run('UPDATE pinpoint_campaign_runs SET state = ?, ended_at = ? WHERE run_id = ?', [
        state,
        at?.toISOString() ?? null,
        runId,
      ]);
    else await this.db.run('UPDATE pinpoint_campaign_runs SET state = ? WHERE run_id = ?', [state, runId]);
  }

  async setCursor(runId: string, cursor: number): Promise<void> {
    await this.db.run('UPDATE pinpoint_campaign_runs SET cursor = ? WHERE run_id = ?', [cursor, runId]);
  }

  /** The states of a campaign's runs, for its CampaignStatus. */
  async states(scope: Scope, appId: string, campaignId: string): Promise<Set<RunState>> {
    const rows = await this.db.all<{ state: RunState }>(
      'SELECT DISTINCT state FROM pinpoint_campaign_runs WHERE account = ? AND region = ? AND app_id = ? AND campaign_id = ?',
      [scope.account, scope.region, appId, campaignId],
    );
    return new Set(rows.map((r) => r.state));
  }

  // ---- activities ----

  async putActivity(run: RunRow, doc: ActivityDoc): Promise<void> {
    const json = JSON.stringify(doc);
    const updated = await this.db.run(
      'UPDATE pinpoint_campaign_activities SET doc = ? WHERE activity_id = ?',
      [json, doc.Id],
    );
    if (updated.changes > 0) return;
    await this.db.run(
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

  async activitiesOfRun(runId: string): Promise<ActivityDoc[]> {
    const rows = await this.db.all<{ doc: string }>(
      'SELECT doc FROM pinpoint_campaign_activities WHERE run_id = ? ORDER BY treatment_id',
      [runId],
    );
    return rows.map((r) => JSON.parse(r.doc) as ActivityDoc);
  }

  /** A campaign's activities, newest run first, from `offset`, at most `limit`. */
  async activities(
    scope: Scope,
    appId: string,
    campaignId: string,
    offset: number,
    limit: number,
  ): Promise<ActivityDoc[]> {
    const rows = await this.db.all<{ doc: string }>(
      `SELECT doc FROM pinpoint_campaign_activities WHERE account = ? AND region = ? AND app_id = ? AND campaign_id = ?
       ORDER BY seq DESC, treatment_id LIMIT ${Math.floor(limit)} OFFSET ${Math.floor(offset)}`,
      [scope.account, scope.region, appId, campaignId],
    );
    return rows.map((r) => JSON.parse(r.doc) as ActivityDoc);
  }

  // ---- held endpoints ----

  async hold(runId: string, rows: HeldRow[]): Promise<void> {
    for (const r of rows)
      await this.db.run(
        'INSERT INTO pinpoint_campaign_held (run_id, endpoint_id, treatment_id, release_at) VALUES (?, ?, ?, ?) ON CONFLICT (run_id, endpoint_id) DO NOTHING',
        [runId, r.endpoint_id, r.treatment_id, r.release_at],
      );
  }

  dueHeld(runId: string, now: Date, limit: number): Promise<HeldRow[]> {
    return this.db.all<HeldRow>(
      `SELECT endpoint_id, treatment_id, release_at FROM pinpoint_campaign_held WHERE run_id = ? AND release_at <= ?
       ORDER BY release_at, endpoint_id LIMIT ${Math.floor(limit)}`,
      [runId, now.toISOString()],
    );
  }

  async release(runId: string, endpointIds: string[]): Promise<void> {
    for (const id of endpointIds)
      await this.db.run('DELETE FROM pinpoint_campaign_held WHERE run_id = ? AND endpoint_id = ?', [
        runId,
        id,
      ]);
  }

  async heldCount(runId: string): Promise<number> {
    const row = await this.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM pinpoint_campaign_held WHERE run_id = ?',
      [runId],
    );
    return row?.n ?? 0;
  }

  // ---- the send log (Daily / Total limits) ----

  async logDeliveries(run: RunRow, endpointIds: string[], at: Date): Promise<void> {
    const sentAt = at.toISOString();
    for (const id of endpointIds)
      await this.db.run(
        'INSERT INTO pinpoint_campaign_deliveries (account, region, app_id, campaign_id, endpoint_id, sent_at) VALUES (?, ?, ?, ?, ?, ?)',
        [run.account, run.region, run.app_id, run.campaign_id, id, sentAt],
      );
  }

  /** Per endpoint: messages this campaign sent it in all (`total`) and since `since` (`recent`). */
  async deliveryCounts(
    run: RunRow,
    endpointIds: string[],
    since: Date,
  ): Promise<Map<string, { total: number; recent: number }>> {
    const out = new Map<string, { total: number; recent: number }>();
    const chunk = 500;
    for (let i = 0; i < endpointIds.length; i += chunk) {
      const ids = endpointIds.slice(i, i + chunk);
      const rows = await this.db.all<{ endpoint_id: string; total: number; recent: number }>(
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
