/**
 * Writing a run's progress, always inside a transaction that locked the run's row first
 * (CampaignRuns.lock): a slice's counts added to the stored activities, and the run moved on once
 * nothing is left — to holding (its job runs again when the next held endpoint is released) or to
 * its end (activities COMPLETED with their Result, the next run of a recurring schedule).
 */
import type { PinpointContext } from '../ports.js';
import { addCounts, counted, newActivity, type ActivityRecord } from './activity.js';
import { JOB_CAMPAIGN_RUN } from './job-kinds.js';
import { LOCAL_TIME_LEAD_MS } from './local-time.js';
import type { CampaignDoc } from './model.js';
import type { RunPlan } from './plan.js';
import type { RunResourceCache } from './resources.js';
import { scopeOfRun, type CampaignRuns, type RunRow } from './runs-store.js';
import { nextRun } from './schedule.js';
import type { Progress } from './send.js';

export interface CampaignDeps {
  c: PinpointContext;
  runs: CampaignRuns;
  resources: RunResourceCache;
  /** Endpoints per `campaign-batch` job. */
  batchSize: number;
  /** Sends in flight at once within one job. */
  concurrency: number;
}

/** The run's stored activities by treatment. */
export async function storedActivities(d: CampaignDeps, runId: string): Promise<Map<string, ActivityRecord>> {
  const stored = (await d.runs.activitiesOfRun(runId)) as ActivityRecord[];
  return new Map(stored.map((a) => [a.TreatmentId, a]));
}

/** Adds a slice's counts to the stored activities and writes its held endpoints, send log and events. */
export async function writeProgress(d: CampaignDeps, run: RunRow, plan: RunPlan, p: Progress): Promise<void> {
  const { c, runs } = d;
  const stored = await storedActivities(d, run.run_id);
  for (const [tid, delta] of p.acts) {
    if (!counted(delta)) continue;
    const into = stored.get(tid) ?? newActivity(run.app_id, run.campaign_id, run.run_id, tid, plan.nominal);
    addCounts(into, delta);
    await runs.putActivity(run, into);
  }
  await runs.hold(run.run_id, p.held);
  const limited = plan.limits.Daily !== undefined || plan.limits.Total !== undefined;
  if (limited && p.delivered.length) await runs.logDeliveries(run, p.delivered, c.clock());
  if (p.events.length) await c.ports.events.record(scopeOfRun(run), p.events);
  const delivered = p.delivered.length;
  const failed = p.events.length - delivered;
  await c.db.afterCommit(() => {
    if (delivered) c.metrics.campaignEndpoints.labels('delivered').inc(delivered);
    if (failed > 0) c.metrics.campaignEndpoints.labels('failed').inc(failed);
  });
}

/**
 * Moves the (locked, freshly read) run on when nothing is left to do but its held endpoints: an
 * executing run once it is planned and every batch committed, a holding run once its held pass
 * found none due. Exactly one transaction sees that, because each holds the run's row.
 */
export async function moveOn(d: CampaignDeps, run: RunRow, plan: RunPlan): Promise<void> {
  const { runs } = d;
  if (run.state === 'executing') {
    if (!run.planned || (await runs.batchesDone(run.run_id)).length < run.batches) return;
  } else if (run.state !== 'holding') return;
  const release = await runs.nextRelease(run.run_id);
  if (release) {
    if (run.state !== 'holding') await runs.setState(run.run_id, 'holding');
    const now = d.c.clock().getTime();
    await runs.jobs.schedule({ kind: JOB_CAMPAIGN_RUN, key: run.run_id, runAt: release.getTime() }, now);
    return;
  }
  await finish(d, run, plan);
}

/** Ends the run: activities COMPLETED with their Result, and the next run scheduled. */
async function finish(d: CampaignDeps, run: RunRow, plan: RunPlan): Promise<void> {
  const { c, runs } = d;
  const now = c.clock();
  let anyFailed = false;
  const acts = await storedActivities(d, run.run_id);
  for (const tid of plan.treatments.keys())
    if (!acts.has(tid))
      acts.set(tid, newActivity(run.app_id, run.campaign_id, run.run_id, tid, plan.nominal));
  for (const a of acts.values()) {
    a.State = 'COMPLETED';
    a.End = now.toISOString();
    // FAIL when something failed (the session could not be opened, say) and nothing was delivered.
    const failed = a.tally.reason !== undefined && a.SuccessfulEndpointCount === 0;
    a.Result = failed ? 'FAIL' : 'SUCCESS';
    anyFailed ||= failed;
    await runs.putActivity(run, a);
    // Counts and AWS's reason only: no addresses or message content reach the log.
    c.log.info(
      {
        app: run.app_id,
        campaign: run.campaign_id,
        run: run.run_id,
        treatment: a.TreatmentId,
        result: a.Result,
        total: a.TotalEndpointCount,
        successful: a.SuccessfulEndpointCount,
        reason: a.tally.reason,
      },
      'campaign run finished',
    );
  }
  await runs.setState(run.run_id, 'done', now);
  await c.db.afterCommit(() => {
    d.resources.drop(run.run_id);
    (anyFailed ? c.metrics.campaignRunsFailed : c.metrics.campaignRunsCompleted).inc();
  });
  const scope = scopeOfRun(run);
  const current = (await c.store.get<CampaignDoc>(scope, run.app_id, 'campaign', run.campaign_id))?.doc;
  if (!current || run.endpoints) return;
  const next = nextRun(current.Schedule, plan.nominal, now);
  if (!next) return;
  const at = current.Schedule.IsLocalTime ? new Date(next.getTime() - LOCAL_TIME_LEAD_MS) : next;
  await runs.schedule(scope, run.app_id, run.campaign_id, current.Version, at);
}
