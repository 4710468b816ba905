/**
 * The durable schedule: campaign runs, their activities, endpoints held back until a later time,
 * and the send log the Daily/Total limits count. Each run has a `campaign-run` job (enqueued with
 * the run, in the same transaction) that plans it into `campaign-batch` jobs; the run row counts
 * the batches enqueued (`batches`, with the segment `cursor` they reached) and says when planning
 * is done (`planned`), and `pinpoint_campaign_batches` records each batch that committed. Every
 * write of a run's progress locks its row first (`lock`), so batches committing at once on several
 * processes add their counts one after the other and exactly one of them sees it was the last.
 */
import { randomBytes } from 'node:crypto';
import type { Jobs } from '../../../jobs/index.js';
import type { Database } from '../../../store/index.js';
import type { Scope } from '../store.js';
import { batchKey, JOB_CAMPAIGN_BATCH, JOB_CAMPAIGN_RUN } from './job-kinds.js';
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
  /** How many of the segment's eligible endpoints the batches enqueued so far cover. */
  cursor: number;
  /** JSON list of endpoint ids for a run an event started; null for the whole segment. */
  endpoints: string | null;
  started_at: string | null;
  ended_at: string | null;
  /** Batches enqueued so far (numbered 1..batches). */
  batches: number;
  /** 1 once every batch is enqueued. */
  planned: number;
}

export interface HeldRow {
  endpoint_id: string;
  treatment_id: string;
  release_at: string;
}

export const newId = () => randomBytes(16).toString('hex');
export const scopeOfRun = (r: RunRow): Scope => ({ account: r.account, region: r.region });

export class CampaignRuns {
  constructor(
    readonly db: Database,
    readonly jobs: Jobs,
    /** The one clock (epoch ms): when jobs are enqueued. */
    private readonly now: () => number,
  ) {}

  /** Adds a run due at `at` and its `campaign-run` job, in one transaction; its id. */
  async schedule(
    scope: Scope,
    appId: string,
    campaignId: string,
    version: number,
    at: Date,
    endpoints?: string[],
  ): Promise<string> {
    return this.db.transaction(() => this.insertRun(scope, appId, campaignId, version, at, endpoints));
  }

  private async insertRun(
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
    await this.jobs.enqueue({ kind: JOB_CAMPAIGN_RUN, key: id, runAt: at.getTime() }, this.now());
    return id;
  }

  /** Drops the runs of a campaign that have not started (its schedule changed). */
  async cancelDue(scope: Scope, appId: string, campaignId: string): Promise<void> {
    const gone = await this.db.all<{ run_id: string }>(
      `DELETE FROM pinpoint_campaign_runs WHERE account = ? AND region = ? AND app_id = ? AND campaign_id = ? AND state = 'due'
       RETURNING run_id`,
      [scope.account, scope.region, appId, campaignId],
    );
    for (const r of gone) await this.jobs.queue.cancel(JOB_CAMPAIGN_RUN, r.run_id);
  }

  /** Runs not yet started send the campaign's latest version. */
  async retarget(scope: Scope, appId: string, campaignId: string, version: number): Promise<void> {
    await this.db.run(
      `UPDATE pinpoint_campaign_runs SET version = ? WHERE account = ? AND region = ? AND app_id = ? AND campaign_id = ? AND state = 'due'`,
      [version, scope.account, scope.region, appId, campaignId],
    );
  }

  /**
   * Forgets a deleted campaign: its runs (rows first: a batch committing holds its run's row, so
   * the two wait on each other in one order), their jobs, activities, held endpoints and send log.
   * A batch in flight then finds its run gone and ends without writing.
   */
  async deleteCampaign(scope: Scope, appId: string, campaignId: string): Promise<void> {
    const where = 'account = ? AND region = ? AND app_id = ? AND campaign_id = ?';
    const params = [scope.account, scope.region, appId, campaignId];
    const gone = await this.db.all<{ run_id: string; batches: number }>(
      `DELETE FROM pinpoint_campaign_runs WHERE ${where} RETURNING run_id, batches`,
      params,
    );
    for (const r of gone) {
      await this.db.run('DELETE FROM pinpoint_campaign_held WHERE run_id = ?', [r.run_id]);
      await this.db.run('DELETE FROM pinpoint_campaign_batches WHERE run_id = ?', [r.run_id]);
      await this.jobs.queue.cancel(JOB_CAMPAIGN_RUN, r.run_id);
      for (let n = 1; n <= r.batches; n++)
        await this.jobs.queue.cancel(JOB_CAMPAIGN_BATCH, batchKey(r.run_id, n));
    }
    await this.db.run(`DELETE FROM pinpoint_campaign_activities WHERE ${where}`, params);
    await this.db.run(`DELETE FROM pinpoint_campaign_deliveries WHERE ${where}`, params);
  }

  /**
   * A resumed campaign's parked jobs (PARKED_AT) run now: its runs' jobs, and the batches of its
   * executing runs that have not committed.
   */
  async wake(scope: Scope, appId: string, campaignId: string): Promise<void> {
    const now = this.now();
    const rows = await this.db.all<RunRow>(
      `SELECT * FROM pinpoint_campaign_runs WHERE account = ? AND region = ? AND app_id = ? AND campaign_id = ?
       AND state <> 'done'`,
      [scope.account, scope.region, appId, campaignId],
    );
    for (const r of rows) {
      if (r.state !== 'executing' || !r.planned)
        await this.jobs.schedule({ kind: JOB_CAMPAIGN_RUN, key: r.run_id, runAt: now }, now);
      if (r.state !== 'executing') continue;
      const done = new Set(await this.batchesDone(r.run_id));
      for (let n = 1; n <= r.batches; n++)
        if (!done.has(n))
          await this.jobs.schedule({ kind: JOB_CAMPAIGN_BATCH, key: batchKey(r.run_id, n), runAt: now }, now);
    }
  }

  get(runId: string): Promise<RunRow | undefined> {
    return this.db.get<RunRow>('SELECT * FROM pinpoint_campaign_runs WHERE run_id = ?', [runId]);
  }

  /**
   * Locks the run's row for the rest of the transaction and reads it (undefined when it is gone):
   * every write of a run's progress takes it first, so concurrent batches commit one at a time.
   */
  async lock(runId: string): Promise<RunRow | undefined> {
    const r = await this.db.run('UPDATE pinpoint_campaign_runs SET cursor = cursor WHERE run_id = ?', [
      runId,
    ]);
    return r.changes === 0 ? undefined : this.get(runId);
  }

  /** Planning reached `cursor` with `batches` batches enqueued; `planned` once it is done. */
  async setPlan(runId: string, cursor: number, batches: number, planned = false): Promise<void> {
    await this.db.run(
      'UPDATE pinpoint_campaign_runs SET cursor = ?, batches = ?, planned = ? WHERE run_id = ?',
      [cursor, batches, planned ? 1 : 0, runId],
    );
  }

  /** Records that batch `n` committed; false when it already had (its job ran again). */
  async batchDone(runId: string, n: number): Promise<boolean> {
    const r = await this.db.run(
      'INSERT INTO pinpoint_campaign_batches (run_id, n) VALUES (?, ?) ON CONFLICT (run_id, n) DO NOTHING',
      [runId, n],
    );
    return r.changes === 1;
  }

  /** The batches of the run that committed. */
  async batchesDone(runId: string): Promise<number[]> {
    const rows = await this.db.all<{ n: number }>(
      'SELECT n FROM pinpoint_campaign_batches WHERE run_id = ?',
      [runId],
    );
    return rows.map((r) => r.n);
  }

  async isBatchDone(runId: string, n: number): Promise<boolean> {
    return !!(await this.db.get('SELECT 1 AS x FROM pinpoint_campaign_batches WHERE run_id = ? AND n = ?', [
      runId,
      n,
    ]));
  }

  async setState(runId: string, state: RunState, at?: Date): Promise<void> {
    if (state === 'executing')
      await this.db.run(
        'UPDATE pinpoint_campaign_runs SET state = ?, started_at = COALESCE(started_at, ?) WHERE run_id = ?',
        [state, at?.toISOString() ?? null, runId],
      );
    else if (state === 'done') {
      await this.db.run('UPDATE pinpoint_campaign_runs SET state = ?, ended_at = ? WHERE run_id = ?', [
        state,
        at?.toISOString() ?? null,
        runId,
      ]);
      // A finished run's batches have all committed: their records are no longer needed.
      await this.db.run('DELETE FROM pinpoint_campaign_batches WHERE run_id = ?', [runId]);
    } else await this.db.run('UPDATE pinpoint_campaign_runs SET state = ? WHERE run_id = ?', [state, runId]);
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

  /** When the run's next held endpoint is released (its earliest release_at). */
  async nextRelease(runId: string): Promise<Date | undefined> {
    const row = await this.db.get<{ at: string | null }>(
      'SELECT MIN(release_at) AS at FROM pinpoint_campaign_held WHERE run_id = ?',
      [runId],
    );
    return row?.at ? new Date(row.at) : undefined;
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
