/**
 * A campaign run's own job (`campaign-run`, key = the run id, due at the run's scheduled time).
 * Any process may run it, and run it again after a crash at any point:
 *
 * - a due run starts: executing, its activities RUNNING;
 * - planning walks the segment version's members lazily (EMAIL, ACTIVE, not opted out, each
 *   address once) and enqueues `campaign-batch` jobs of `batchSize` endpoints (batch.ts), keys
 *   `<run>/<n>`; each batch is enqueued in one transaction with the run's cursor and batch count,
 *   so planning resumes after the last batch it enqueued and never enqueues one twice;
 * - once planned, the batches (sent by whichever processes claim them) move the run on; the job
 *   comes back only for held endpoints (quiet time, local time), when the next is released, and
 *   sends those whose time came before the run ends.
 *
 * A paused campaign's job is parked (PARKED_AT) until the campaign is resumed; a deleted
 * campaign's job was cancelled, or finds its run gone; a stopping process ends it at a safe point.
 */
import type { JobContext, JobOutcome } from '../../../jobs/index.js';
import { endpointsById } from '../endpoints-by-id.js';
import type { EndpointDoc } from '../ports.js';
import { fail, newActivity } from './activity.js';
import { batchKey, JOB_CAMPAIGN_BATCH, PARKED_AT } from './job-kinds.js';
import { DEFAULT_TREATMENT, type CampaignDoc } from './model.js';
import type { RunPlan } from './plan.js';
import { moveOn, storedActivities, writeProgress, type CampaignDeps } from './progress.js';
import type { RunResources } from './resources.js';
import { scopeOfRun, type RunRow } from './runs-store.js';
import { Sender, Stopped } from './send.js';

/** Whether Pinpoint sends email to this endpoint at all. */
export function eligible(ep: EndpointDoc): boolean {
  return (
    ep.ChannelType === 'EMAIL' &&
    typeof ep.Address === 'string' &&
    ep.Address !== '' &&
    (ep.EndpointStatus ?? 'ACTIVE') === 'ACTIVE' &&
    (ep.OptOut ?? 'NONE') === 'NONE'
  );
}

/** The campaign as it is now: gone (deleted), paused, or running. */
export async function campaignNow(d: CampaignDeps, run: RunRow): Promise<'gone' | 'paused' | 'running'> {
  const doc = (await d.c.store.get<CampaignDoc>(scopeOfRun(run), run.app_id, 'campaign', run.campaign_id))
    ?.doc;
  return !doc ? 'gone' : doc.IsPaused ? 'paused' : 'running';
}

/** The endpoints of `ids` that still exist and may be mailed, in the order of `ids`. */
export async function endpointsOf(
  d: CampaignDeps,
  run: RunRow,
  ids: readonly string[],
): Promise<EndpointDoc[]> {
  // One read for the batch, not one an endpoint: on PostgreSQL that was a round trip a message.
  const found = await endpointsById(d.c, scopeOfRun(run), run.app_id, ids);
  const out: EndpointDoc[] = [];
  for (const id of ids) {
    const ep = found.get(id);
    if (ep && eligible(ep)) out.push(ep);
  }
  return out;
}

const nowMs = (d: CampaignDeps) => d.c.clock().getTime();

export async function runJob(d: CampaignDeps, runId: string, ctx: JobContext): Promise<JobOutcome> {
  let run = await d.runs.get(runId);
  if (!run || run.state === 'done') return;
  const now = await campaignNow(d, run);
  if (now === 'gone') return;
  if (now === 'paused') return { runAt: PARKED_AT };
  const res = await d.resources.get(run);
  if (!res) {
    await d.runs.setState(run.run_id, 'done', d.c.clock());
    return;
  }
  if (run.state === 'due') {
    run = await start(d, run, res.plan);
    if (!run) return;
  }
  if (run.state === 'executing' && !run.planned) return planBatches(d, run, res.plan, ctx);
  if (run.state === 'holding') return heldPass(d, run, res, ctx);
  // Planned: its batches move it on; this makes sure one that ended without doing so is not stuck.
  await settle(d, runId, res.plan, ctx);
}

/** due → executing, the activities RUNNING. */
async function start(d: CampaignDeps, run: RunRow, plan: RunPlan): Promise<RunRow | undefined> {
  const { c, runs } = d;
  const now = c.clock();
  return c.db.transaction(async () => {
    const locked = await runs.lock(run.run_id);
    if (!locked || locked.state !== 'due') return locked;
    const acts = await storedActivities(d, run.run_id);
    for (const tid of plan.treatments.keys()) {
      const a = acts.get(tid) ?? newActivity(run.app_id, run.campaign_id, run.run_id, tid, plan.nominal);
      a.State = 'RUNNING';
      a.Start = now.toISOString();
      await runs.putActivity(run, a);
    }
    await runs.setState(run.run_id, 'executing', now);
    await c.db.afterCommit(() => {
      c.metrics.campaignRunsStarted.inc();
      c.log.info(
        { app: run.app_id, campaign: run.campaign_id, run: run.run_id, treatments: acts.size },
        'campaign run started',
      );
    });
    return runs.get(run.run_id);
  });
}

/** Enqueues the run's batches from its cursor on; then the run is planned. */
async function planBatches(
  d: CampaignDeps,
  run: RunRow,
  plan: RunPlan,
  ctx: JobContext,
): Promise<JobOutcome> {
  const { c } = d;
  const camp = plan.campaign;
  const members = await c.ports.segments.members(
    scopeOfRun(run),
    run.app_id,
    camp.SegmentId,
    camp.SegmentVersion,
  );
  if (!members) {
    // Pinpost's wording: the segment (version) was deleted after the campaign named it.
    const missing = { acts: new Map(), held: [], events: [], delivered: [] };
    const act = newActivity(run.app_id, run.campaign_id, run.run_id, DEFAULT_TREATMENT, plan.nominal);
    fail(act, `Segment ${camp.SegmentId} version ${camp.SegmentVersion} was not found`, 0);
    missing.acts.set(DEFAULT_TREATMENT, act);
    return planned(d, run, plan, ctx, async (locked) => writeProgress(d, locked, plan, missing));
  }
  const only = run.endpoints ? new Set(JSON.parse(run.endpoints) as string[]) : undefined;
  const seen = new Set<string>();
  let index = 0;
  let n = run.batches;
  let batch: string[] = [];
  const enqueue = async () => {
    n++;
    const ok = await enqueueBatch(d, run, n, index, batch);
    batch = [];
    return ok;
  };
  // `for await`: the members are read lazily, page by page, as planning goes through them.
  for await (const ep of members) {
    if (only && !only.has(ep.Id)) continue;
    if (!eligible(ep)) continue;
    const address = String(ep.Address).toLowerCase();
    if (seen.has(address)) continue;
    seen.add(address);
    index++;
    if (index <= run.cursor) continue;
    batch.push(ep.Id);
    if (batch.length < d.batchSize) continue;
    if (!(await enqueue())) return;
    if (ctx.signal.aborted) return { runAt: nowMs(d) };
  }
  if (batch.length && !(await enqueue())) return;
  return planned(d, run, plan, ctx);
}

/** One batch enqueued with the cursor it reached; false when the run is gone or moved on. */
async function enqueueBatch(d: CampaignDeps, run: RunRow, n: number, cursor: number, ids: string[]) {
  return d.c.db.transaction(async () => {
    const locked = await d.runs.lock(run.run_id);
    if (!locked || locked.state !== 'executing' || locked.planned) return false;
    // Enqueued already by a run of this job that lost its lease meanwhile.
    if (locked.batches >= n) return true;
    await d.runs.setPlan(run.run_id, cursor, n);
    await d.runs.jobs.enqueue(
      {
        kind: JOB_CAMPAIGN_BATCH,
        key: batchKey(run.run_id, n),
        payload: { n, endpoints: ids },
        runAt: nowMs(d),
      },
      nowMs(d),
    );
    return true;
  });
}

/** Planning is done: recorded, and the run moved on if its batches all committed already. */
async function planned(
  d: CampaignDeps,
  run: RunRow,
  plan: RunPlan,
  ctx: JobContext,
  extra?: (locked: RunRow) => Promise<void>,
): Promise<JobOutcome> {
  await d.c.db.transaction(async () => {
    const locked = await d.runs.lock(run.run_id);
    if (!locked || locked.state !== 'executing') return;
    if (!locked.planned) {
      await extra?.(locked);
      await d.runs.setPlan(run.run_id, locked.cursor, locked.batches, true);
    }
    await moveOn(d, { ...locked, planned: 1 }, plan);
    await ctx.complete();
  });
}

/** Moves the run on if nothing is left but that; this job is done either way. */
async function settle(d: CampaignDeps, runId: string, plan: RunPlan, ctx: JobContext): Promise<void> {
  await d.c.db.transaction(async () => {
    const locked = await d.runs.lock(runId);
    if (locked) await moveOn(d, locked, plan);
    await ctx.complete();
  });
}

/** Sends the held endpoints whose time came, a batch at a time; then the run waits or ends. */
async function heldPass(
  d: CampaignDeps,
  run: RunRow,
  res: RunResources,
  ctx: JobContext,
): Promise<JobOutcome> {
  const { c, runs } = d;
  for (;;) {
    const now = c.clock();
    const rows = await runs.dueHeld(run.run_id, now, d.batchSize);
    if (rows.length === 0) break;
    const byId = new Map(
      (
        await endpointsOf(
          d,
          run,
          rows.map((r) => r.endpoint_id),
        )
      ).map((e) => [e.Id, e]),
    );
    const groups = new Map<string, EndpointDoc[]>();
    for (const r of rows) {
      const ep = byId.get(r.endpoint_id);
      if (!ep) continue;
      const list = groups.get(r.treatment_id) ?? [];
      list.push(ep);
      groups.set(r.treatment_id, list);
    }
    const sender = new Sender({ c, runs, run, res, signal: ctx.signal, concurrency: d.concurrency });
    try {
      await sender.send(groups, now);
    } catch (err) {
      if (err instanceof Stopped) return { runAt: nowMs(d) };
      throw err;
    }
    const kept = await c.db.transaction(async () => {
      const locked = await runs.lock(run.run_id);
      if (!locked || locked.state !== 'holding') return false;
      await writeProgress(d, locked, res.plan, sender);
      await runs.release(
        run.run_id,
        rows.map((r) => r.endpoint_id),
      );
      return true;
    });
    if (!kept) return;
    if (ctx.signal.aborted) return { runAt: nowMs(d) };
    const state = await campaignNow(d, run);
    if (state === 'gone') return;
    if (state === 'paused') return { runAt: PARKED_AT };
  }
  await settle(d, run.run_id, res.plan, ctx);
}
