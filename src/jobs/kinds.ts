/**
 * Every kind of job Pinpost runs: a closed set, so a kind is a safe metric label (labels.ts) and a
 * misspelt kind is a type error, not work no worker ever claims.
 */
export const JOB_KINDS = [
  /** One outbox message to hand to the transport (src/mail/outbox). */
  'mail-delivery',
  /** A campaign run: its plan, and its end once its batches are done (pinpoint/campaigns). */
  'campaign-run',
  /** A slice of a campaign run's endpoints, sent by whichever process claims it. */
  'campaign-batch',
  /** A journey's due work (pinpoint/journeys/run). */
  'journey-pass',
  /** A segment import job (pinpoint/segments). */
  'import-job',
  /** An SES v2 import job (ses/control/v2-import-jobs.ts). */
  'ses-import-job',
  /** A Pinpoint export job (pinpoint/segments/export-runner.ts). */
  'pinpoint-export-job',
  /** An SES v2 export job (ses/control/v2-export-jobs.ts). */
  'ses-export-job',
] as const;

export type JobKind = (typeof JOB_KINDS)[number];
