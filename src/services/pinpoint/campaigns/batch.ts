/**
 * One batch of a campaign run's endpoints (`campaign-batch`, key `<run>/<n>`, planned by run.ts),
 * sent by whichever process claims it. It does for its endpoints what the run does (send.ts), then
 * commits in one transaction: the run's row locked first, its counts added to the activities the
 * other batches committed, its held endpoints, send log and events, the batch recorded as done,
 * the run moved on if it was the last, and the job completed. So batches committing at once on
 * several processes lose no count, and a batch run again — after a crash, or a takeover — counts
 * once; its resends are answered DUPLICATE by the send ledger, so nobody gets a second mail.
 *
 * A paused campaign's batch is parked until the campaign is resumed (CampaignRuns.wake); a deleted
 * campaign's batch was cancelled, or finds its run gone; a stopping process ends it before it
 * commits (it runs again, elsewhere or after the restart).
 */
import type { Job, JobContext, JobOutcome } from '../../../jobs/index.js';
import { PARKED_AT } from './job-kinds.js';
import { moveOn, writeProgress, type CampaignDeps } from './progress.js';
import { campaignNow, endpointsOf } from './run.js';
import { Sender, Stopped } from './send.js';

export interface BatchPayload {
  n: number;
  endpoints: string[];
}

/** Thrown when the job was taken over before the batch committed: the commit is rolled back. */
class LostLease extends Error {}

export async function batchJob(
  d: CampaignDeps,
  job: Job<BatchPayload>,
  ctx: JobContext,
): Promise<JobOutcome> {
  const { c, runs } = d;
  const runId = job.key.slice(0, job.key.lastIndexOf('/'));
  const { n, endpoints } = job.payload;
  const run = await runs.get(runId);
  if (!run || run.state !== 'executing' || (await runs.isBatchDone(runId, n))) return;
  const now = await campaignNow(d, run);
  if (now === 'gone') return;
  if (now === 'paused') return { runAt: PARKED_AT };
  const res = await d.resources.get(run);
  if (!res) return;
  const sender = new Sender({ c, runs, run, res, signal: ctx.signal, concurrency: d.concurrency });
  try {
    await sender.batch(await endpointsOf(d, run, endpoints), c.clock());
  } catch (err) {
    if (err instanceof Stopped) return { runAt: c.clock().getTime() };
    throw err;
  }
  if (ctx.signal.aborted) return { runAt: c.clock().getTime() };
  await c.db.transaction(async () => {
    const locked = await runs.lock(runId);
    if (!locked || locked.state !== 'executing') return;
    if (!(await runs.batchDone(runId, n))) return;
    await writeProgress(d, locked, res.plan, sender);
    await moveOn(d, locked, res.plan);
    if (!(await ctx.complete())) throw new LostLease(`campaign batch ${job.key} was taken over`);
  });
}
