export { Jobs } from './jobs.js';
export { jobMigrations } from './migrations.js';
export { JobQueue, type Job, type NewJob, type QueueStats } from './queue.js';
export {
  JobWorker,
  processOwner,
  type BatchContext,
  type JobContext,
  type JobHandler,
  type JobOutcome,
} from './worker.js';
