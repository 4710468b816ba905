/** The job kinds (src/jobs/kinds.ts) the campaigns part runs. */
import type { JobKind } from '../../../jobs/kinds.js';

/** A run: its plan into batches, its held endpoints, and its end (key: the run id). */
export const JOB_CAMPAIGN_RUN: JobKind = 'campaign-run';
/** One batch of a run's endpoints (key: `<run id>/<n>`). */
export const JOB_CAMPAIGN_BATCH: JobKind = 'campaign-batch';

export const batchKey = (runId: string, n: number) => `${runId}/${n}`;

/**
 * When a paused campaign's jobs run: far beyond any clock, so they neither spin nor step a manual
 * clock's Timeline; resuming the campaign pulls them back (CampaignRuns.wake).
 */
export const PARKED_AT = Date.UTC(9999, 0, 1);
