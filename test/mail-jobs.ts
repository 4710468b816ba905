/**
 * Mail on its own, as the runtime builds it: the outbox's deliveries are jobs, so a Mail needs a
 * job worker. `openMail` gives both, started and stopped together (the worker stops first, handing
 * back what it holds, as the runtime's close does).
 */
import pino from 'pino';
import { jobMigrations, JobQueue, Jobs, JobWorker } from '../src/jobs/index.js';
import { createMail, mailMigrations, type Mail, type MailOptions } from '../src/mail/index.js';
import type { Database } from '../src/store/index.js';

/** The mail context's schema with the job table it needs. */
export const MAIL_MIGRATIONS = [...jobMigrations, ...mailMigrations];

export type MailWithJobs = Mail & { jobs: Jobs };

export function openMail(
  db: Database,
  options: Omit<MailOptions, 'jobs' | 'log'> & { log?: MailOptions['log']; owner?: string },
): MailWithJobs {
  const log = options.log ?? pino({ level: 'silent' });
  const now = options.now ?? Date.now;
  const worker = new JobWorker({ queue: new JobQueue(db), now, log, owner: options.owner, pollMs: 20 });
  const jobs = new Jobs(db, worker);
  const mail = createMail(db, { ...options, log, jobs });
  return {
    ...mail,
    jobs,
    start() {
      worker.start();
      mail.start();
    },
    async stop() {
      await worker.stop();
      await mail.stop();
    },
  };
}
