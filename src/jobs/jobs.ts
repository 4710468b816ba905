/**
 * What a part of Pinpost holds to use the one job mechanism: the queue to add work to and the
 * process's worker to run it. Enqueueing inside a transaction wakes this process's worker once the
 * transaction commits (before, the worker could not see the job); other processes find it on their
 * next poll.
 */
import type { Database } from '../store/index.js';
import type { NewJob } from './queue.js';
import { JobQueue } from './queue.js';
import type { JobHandler, JobWorker } from './worker.js';

export class Jobs {
  readonly queue: JobQueue;

  constructor(
    private readonly db: Database,
    readonly worker: JobWorker,
    queue?: JobQueue,
  ) {
    this.queue = queue ?? new JobQueue(db);
  }

  /** Adds a job (once per kind and key; false when it existed) and wakes the worker after the commit. */
  async enqueue(job: NewJob, now: number): Promise<boolean> {
    const added = await this.queue.enqueue(job, now);
    if (added) await this.db.afterCommit(() => this.worker.kick(job.kind));
    return added;
  }

  /** Adds a job whose key is new by construction (JobQueue.add) and wakes the worker after the commit. */
  async add(job: NewJob, now: number): Promise<void> {
    await this.queue.add(job, now);
    await this.db.afterCommit(() => this.worker.kick(job.kind));
  }

  /** Adds or moves earlier (JobQueue.schedule) and wakes the worker after the commit. */
  async schedule(job: NewJob, now: number): Promise<boolean> {
    const changed = await this.queue.schedule(job, now);
    if (changed) await this.db.afterCommit(() => this.worker.kick(job.kind));
    return changed;
  }

  /** Registers the code that runs jobs of one kind in this process. */
  register<P>(handler: JobHandler<P>): void {
    this.worker.register(handler);
  }
}
