import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { openTestDatabase } from '../../test/support/database.js';
import { jobMigrations } from './migrations.js';
import { JobQueue, type Job } from './queue.js';
import { JobWorker, type JobHandler } from './worker.js';

const log = pino({ level: 'silent' });
const T = 1_800_000_000_000;

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('jobs run once each across two workers, and each worker does part of them', async () => {
  const db = await openTestDatabase(jobMigrations);
  const queue = new JobQueue(db);
  for (let i = 0; i < 40; i++) await queue.enqueue({ kind: 'send', key: String(i), runAt: T }, T);
  const ran = new Map<string, string>();
  const worker = (owner: string) => {
    const w = new JobWorker({ queue, now: () => T, log, owner, pollMs: 5 });
    w.register<null>({
      kind: 'send',
      concurrency: 2,
      run: async (job: Job<null>) => {
        assert.equal(ran.has(job.key), false, `job ${job.key} ran twice`);
        ran.set(job.key, owner);
        await new Promise((r) => setTimeout(r, 2));
      },
    });
    return w;
  };
  const a = worker('a');
  const b = worker('b');
  a.start();
  b.start();
  await until(() => ran.size === 40, 'every job');
  await a.idle();
  await b.idle();
  assert.deepEqual((await queue.stats()).length, 0, 'done jobs are gone');
  const byA = [...ran.values()].filter((o) => o === 'a').length;
  assert.ok(byA > 0 && byA < 40, `both worked (a did ${byA})`);
  await a.stop();
  await b.stop();
  await db.close();
});

test('a failing job is retried after its backoff and given up after maxAttempts', async () => {
  const db = await openTestDatabase(jobMigrations);
  const queue = new JobQueue(db);
  const clock = { now: T };
  await queue.enqueue({ kind: 'flaky', key: 'x', runAt: T }, T);
  let tries = 0;
  const w = new JobWorker({ queue, now: () => clock.now, log, pollMs: 5 });
  w.register({
    kind: 'flaky',
    concurrency: 1,
    maxAttempts: 2,
    backoff: () => 1000,
    run: async () => {
      tries++;
      throw new Error('relay down');
    },
  });
  w.start();
  await until(() => tries === 1, 'the first attempt');
  await w.idle();
  assert.equal(await queue.nextRunAt(['flaky']), T + 1000, 'rescheduled by the backoff');
  clock.now = T + 1000;
  w.kick();
  await until(() => tries === 2, 'the second attempt');
  await w.idle();
  assert.equal(await queue.pending('flaky', 'x'), false, 'failed jobs are not pending');
  const row = await db.get<{ state: string; last_error: string }>(
    'SELECT state, last_error FROM pinpost_jobs',
  );
  assert.deepEqual(row, { state: 'failed', last_error: 'relay down' });
  await w.stop();
  await db.close();
});

test('stop asks running jobs to end and hands their leases back at once', async () => {
  const db = await openTestDatabase(jobMigrations);
  const queue = new JobQueue(db);
  await queue.enqueue({ kind: 'long', key: 'batch', runAt: T }, T);
  let started = false;
  const long: JobHandler = {
    kind: 'long',
    concurrency: 1,
    leaseMs: 60_000,
    // Runs until asked to stop, then says where to resume: nothing is lost, nothing redone.
    run: (_job, ctx) =>
      new Promise((resolve) => {
        started = true;
        ctx.signal.addEventListener('abort', () => resolve({ runAt: T }));
      }),
  };
  const first = new JobWorker({ queue, now: () => T, log, pollMs: 5 });
  first.register(long);
  first.start();
  await until(() => started, 'the job to start');
  await first.stop();
  const next = await queue.claim('next', 'long', 1, T, 60_000);
  assert.equal(next.length, 1, 'claimable at once, not after the 60 s lease');
  assert.equal(next[0]?.takenOverFrom, undefined, 'handed back, not taken over');
  await db.close();
});

test('a killed process’s job is taken over when its lease runs out', async () => {
  const db = await openTestDatabase(jobMigrations);
  const real = { now: T };
  const queue = new JobQueue(db, () => real.now);
  await queue.enqueue({ kind: 'k', key: 'j', runAt: T }, T);
  // The dead process claimed it and then never renewed (SIGKILL).
  await queue.claim('dead', 'k', 1, T, 1000);
  const taken: (string | undefined)[] = [];
  const w = new JobWorker({
    queue,
    now: () => T,
    log,
    pollMs: 5,
    onClaimed: (_k, j) => taken.push(j.takenOverFrom),
  });
  w.register({ kind: 'k', concurrency: 1, leaseMs: 1000, run: async () => undefined });
  w.start();
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(taken, [], 'not while the lease lasts');
  real.now = T + 1000;
  await until(() => taken.length === 1, 'the takeover');
  assert.deepEqual(taken, ['dead']);
  await w.stop();
  await db.close();
});

test('under a manual clock the worker is timed work: the next due job, and idle once it ran', async () => {
  const db = await openTestDatabase(jobMigrations);
  const queue = new JobQueue(db);
  const clock = { now: T };
  const ran: string[] = [];
  const w = new JobWorker({ queue, now: () => clock.now, log, pollMs: 60_000 });
  w.register({ kind: 'k', concurrency: 1, run: async (job) => void ran.push(job.key) });
  w.start();
  await queue.enqueue({ kind: 'k', key: 'tomorrow', runAt: T + 86_400_000 }, T);
  assert.equal((await w.nextDue())?.getTime(), T + 86_400_000);
  clock.now = T + 86_400_000;
  await w.runDue();
  assert.deepEqual(ran, ['tomorrow']);
  assert.equal(await w.nextDue(), undefined);
  await w.stop();
  await db.close();
});

test('a batch kind gets its jobs in batches of at most `batch`, each run once; a batch that throws retries its jobs', async () => {
  const db = await openTestDatabase(jobMigrations);
  const queue = new JobQueue(db);
  const clock = { now: T };
  for (let i = 0; i < 23; i++) await queue.enqueue({ kind: 'mail', key: String(i), runAt: T }, T);
  const sizes: number[] = [];
  const ran = new Map<string, number>();
  let failOnce = true;
  const w = new JobWorker({ queue, now: () => clock.now, log, pollMs: 5 });
  w.register<null>({
    kind: 'mail',
    concurrency: 8,
    batch: 4,
    backoff: () => 0,
    run: () => Promise.reject(new Error('batches only')),
    runBatch: async (jobs, ctx) => {
      sizes.push(jobs.length);
      if (failOnce) {
        failOnce = false;
        throw new Error('relay down');
      }
      for (const j of jobs) ran.set(j.key, (ran.get(j.key) ?? 0) + 1);
      // The first job of each batch is completed by the handler, the rest by the worker.
      await db.transaction(async () => {
        assert.deepEqual(await ctx.complete([jobs[0]!.id]), [jobs[0]!.id]);
      });
      return jobs.map(() => undefined);
    },
  });
  w.start();
  await until(() => ran.size === 23, 'every job');
  await w.idle();
  assert.ok(
    sizes.every((n) => n >= 1 && n <= 4),
    `batches of 1..4: ${sizes.join(',')}`,
  );
  assert.ok(
    [...ran.values()].every((n) => n === 1),
    'each job ran once after the failed batch',
  );
  assert.deepEqual(await queue.stats(), [], 'every job completed');
  await w.stop();
  await db.close();
});

test('while a batch runs, enqueues are claimed once a whole batch has arrived; a finished batch claims what is left at once', async () => {
  const db = await openTestDatabase(jobMigrations);
  const queue = new JobQueue(db);
  const sizes: number[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  // Polls far apart: only kicks (enqueues) and finished batches make a claim here.
  const w = new JobWorker({ queue, now: () => T, log, pollMs: 60_000 });
  w.register<null>({
    kind: 'mail',
    concurrency: 8,
    batch: 4,
    run: () => Promise.reject(new Error('batches only')),
    runBatch: async (jobs) => {
      sizes.push(jobs.length);
      await gate;
      return jobs.map(() => undefined);
    },
  });
  w.start();
  // The start's own pass done first: a claim in flight as a job arrives takes the job, and its
  // kick would still count toward the next batch (harmless: that batch is claimed a job early).
  await w.idle();
  const enqueue = async (key: string) => {
    await queue.enqueue({ kind: 'mail', key, runAt: T }, T);
    w.kick('mail');
  };
  await enqueue('0');
  await until(() => sizes.length === 1, 'the lone job starts at once');
  for (const key of ['1', '2', '3']) await enqueue(key);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(sizes, [1], 'three of a batch of four wait while a batch runs');
  await enqueue('4');
  await until(() => sizes.length === 2, 'the fourth arrival claims the batch');
  await enqueue('5');
  release();
  await until(() => sizes.length === 3, 'a finished batch claims what arrived meanwhile');
  await w.idle();
  assert.deepEqual(sizes, [1, 4, 1]);
  assert.deepEqual(await queue.stats(), [], 'every job completed');
  await w.stop();
  await db.close();
});
