/**
 * Campaigns that really run: CRUD, versions and activities (operations.ts); each run a job of the
 * one job mechanism (src/jobs/) that plans it (run.ts) into batch jobs any process may send
 * (batch.ts); and EVENT campaigns started by the app's events (event-trigger.ts). Due times are
 * the jobs' run_at, so under `--clock manual` the job worker is the campaigns' timed work.
 */
import type { Job } from '../../../jobs/index.js';
import type { PinpointContext, PinpointPart } from '../ports.js';
import { batchJob, type BatchPayload } from './batch.js';
import { triggerCampaigns } from './event-trigger.js';
import { JOB_CAMPAIGN_BATCH, JOB_CAMPAIGN_RUN } from './job-kinds.js';
import { campaignOperations } from './operations.js';
import type { CampaignDeps } from './progress.js';
import { RunResourceCache } from './resources.js';
import { runJob } from './run.js';
import { CampaignRuns } from './runs-store.js';

export { campaignMigrations } from './migrations.js';

export interface CampaignOptions {
  /** Endpoints per batch job. */
  batchSize?: number;
  /** Sends in flight at once within one job. */
  concurrency?: number;
  /** Batch jobs one process sends at once. */
  batchJobs?: number;
}

/**
 * A run or batch job left by a killed process is taken over when its lease runs out: short, so a
 * restarted campaign goes on within seconds.
 */
const LEASE_MS = 10_000;
/**
 * Claims before a job is given up. A claim counts even when the job only asks to run again later
 * (a run's job comes back at each held endpoint's release, a paused campaign's jobs at each
 * resume), so the allowance is for those; a job that keeps failing backs off to a minute apart.
 */
const MAX_ATTEMPTS = 1000;

/**
 * Registers the campaign jobs' handlers with the process's job worker. Three batch jobs at once
 * keep 96 sends in flight: more of them end in each turn of the event loop and share a COMMIT
 * (20,000 endpoints, three interleaved pairs: 51% of the bench's floor on the mean against 47%
 * with two).
 */
export function registerCampaignJobs(d: CampaignDeps, batchJobs = 3): void {
  const jobs = d.runs.jobs;
  jobs.register<null>({
    kind: JOB_CAMPAIGN_RUN,
    concurrency: 4,
    leaseMs: LEASE_MS,
    maxAttempts: MAX_ATTEMPTS,
    run: (job, ctx) => runJob(d, job.key, ctx),
  });
  jobs.register<BatchPayload>({
    kind: JOB_CAMPAIGN_BATCH,
    concurrency: batchJobs,
    leaseMs: LEASE_MS,
    maxAttempts: MAX_ATTEMPTS,
    run: (job: Job<BatchPayload>, ctx) => batchJob(d, job, ctx),
  });
}

export function campaignDeps(c: PinpointContext, options: CampaignOptions = {}): CampaignDeps {
  return {
    c,
    runs: new CampaignRuns(c.db, c.jobs, () => c.clock().getTime()),
    resources: new RunResourceCache(c),
    // Progress is committed per batch: small enough to spread a run over processes and show it
    // moving, large enough that the per-batch transaction costs little next to the sends.
    batchSize: options.batchSize ?? 250,
    concurrency: options.concurrency ?? 32,
  };
}

export function createCampaigns(c: PinpointContext, options: CampaignOptions = {}): PinpointPart {
  const d = campaignDeps(c, options);
  registerCampaignJobs(d, options.batchJobs);
  let listening = false;
  return {
    operations: campaignOperations({ c, runs: d.runs }),
    start() {
      // The ports are filled in by the time the server starts; events.onRecord is read then.
      if (listening) return;
      listening = true;
      // The event log calls this outside the recording transaction, once it committed; the run's
      // job wakes the worker when its own transaction commits.
      c.ports.events.onRecord(async (scope, events) => {
        await triggerCampaigns(c.store, d.runs, c.clock(), scope, events);
      });
    },
    stop: () => {
      d.resources.clear();
      return Promise.resolve();
    },
  };
}
