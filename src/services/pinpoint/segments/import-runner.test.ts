/**
 * The import runner (import-runner.ts) in JobWorkers of the one job mechanism: a job stopped mid-way
 * stays queued and PROCESSING; a worker started on the same database later runs it again from the
 * first line, and the second pass writes
 * the same endpoints (ids derived from job and line), not duplicates. A job past its deadline fails
 * and lets go of its fetch; a job whose role cannot be assumed reads nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEgress } from '../../../net/index.js';
import { eventually, localServer, never, text } from '../../../net/local-server.test-fixture.js';
import { pinpointDocumentMigrations } from '../migrations.js';
import { PinpointStore } from '../store.js';
import pino from 'pino';
import { jobMigrations, JobQueue, Jobs, JobWorker } from '../../../jobs/index.js';
import {
  enqueueImport,
  IMPORT,
  ImportRunner,
  type ImportJobDoc,
  type RunnerDeps,
  type RunnerOptions,
} from './import-runner.js';
import { SegmentMembers, segmentMigrations } from './members.js';
import { AwsError } from '../../../wire/errors.js';
import { openTestDatabase } from '../../../../test/support/database.js';
import { migrate } from '../../../store/migrations.js';

const scope = { account: '000000000000', region: 'us-east-1' };
const APP = 'a'.repeat(32);
const JOB = 'b'.repeat(32);

/** An import root holding `bucket/<name>` with `content`. */
function importRoot(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pinpost-import-'));
  mkdirSync(join(dir, 'bucket'));
  writeFileSync(join(dir, 'bucket', name), content);
  return dir;
}

async function world(root: string, allowPrivate = false) {
  const db = await openTestDatabase([...jobMigrations, ...pinpointDocumentMigrations, ...segmentMigrations]);
  const store = new PinpointStore(db, () => new Date('2026-11-29T10:00:00Z'));
  const members = new SegmentMembers(db);
  const egress = createEgress({ importRoot: root, allowPrivate });
  const roles: string[] = [];
  const deps: RunnerDeps = {
    store,
    members,
    clock: store.now,
    egress: () => egress,
    assumeRole: async ({ roleArn }) => void roles.push(roleArn),
  };
  const queue = new JobQueue(db);
  const log = pino({ level: 'silent' });
  /** A process's worker running import jobs with a runner of `over` and `options`. */
  const worker = (over: Partial<RunnerDeps> = {}, options: Partial<RunnerOptions> = {}) => {
    const jobs = new Jobs(db, new JobWorker({ queue, now: Date.now, log, pollMs: 5 }));
    new ImportRunner({ ...deps, ...over }, options).register(jobs);
    jobs.worker.start();
    return jobs;
  };
  const queued = { ...scope, appId: APP, jobId: JOB };
  /** Queues the job, waking `jobs` (none: a worker started later finds it). */
  const enqueue = (jobs = new Jobs(db, new JobWorker({ queue, now: Date.now, log }))) =>
    enqueueImport(jobs, queued, new Date());
  const pending = () => queue.pending(IMPORT, JOB);
  /** Runs the job in a worker of its own until it has left the jobs, then stops the worker. */
  const runToEnd = async (over: Partial<RunnerDeps> = {}, options: Partial<RunnerOptions> = {}) => {
    const jobs = worker(over, options);
    await until(async () => !(await pending()), 'the job done');
    await jobs.worker.stop();
  };
  return { db, store, members, deps, roles, worker, enqueue, pending, runToEnd };
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const jobOf = async (store: PinpointStore) =>
  (await store.get<ImportJobDoc>(scope, APP, 'import-job', JOB))?.doc;

const jobDoc = (s3Url: string, extra: Partial<ImportJobDoc['Definition']> = {}): ImportJobDoc => ({
  Id: JOB,
  ApplicationId: APP,
  CreationDate: '2026-11-29T10:00:00.000Z',
  Definition: { Format: 'CSV', S3Url: s3Url, RoleArn: 'arn:aws:iam::000000000000:role/r', ...extra },
  JobStatus: 'CREATED',
  Type: 'IMPORT',
  TotalPieces: 0,
  CompletedPieces: 0,
  FailedPieces: 0,
  TotalProcessed: 0,
  TotalFailures: 0,
  Failures: [],
});

test('a job stopped mid-way is resumed from the start by the next runner and completes once', async () => {
  // 1,200 endpoints without Id: three batches, and ids the runner must derive the same way twice.
  const lines = Array.from({ length: 1200 }, (_, i) => `EMAIL,user${i}@example.com`);
  const w = await world(importRoot('big.csv', ['ChannelType,Address', ...lines].join('\n')));
  const { db, store, members, roles } = w;
  const job = jobDoc('s3://bucket/big.csv', { SegmentId: 'c'.repeat(32) });
  await store.put(scope, APP, 'app', '', { Id: APP });
  const first = w.worker();
  await db.transaction(async () => {
    await store.put(scope, APP, 'import-job', JOB, job);
    await w.enqueue(first);
  });
  await until(async () => ((await jobOf(store))?.TotalProcessed ?? 0) > 0, 'a first batch');
  await first.worker.stop(); // aborts the running job where it is, and hands it back
  const stopped = (await jobOf(store))!;
  assert.equal(stopped.JobStatus, 'PROCESSING');
  assert.ok(stopped.TotalProcessed < 1200, `stopped after ${stopped.TotalProcessed} lines`);
  assert.equal(await w.pending(), true, 'still queued');

  await w.runToEnd();
  const done = (await store.get<ImportJobDoc>(scope, APP, 'import-job', JOB))!.doc;
  assert.equal(done.JobStatus, 'COMPLETED');
  assert.equal(done.TotalProcessed, 1200);
  assert.equal(done.TotalFailures, 0);
  assert.equal(
    await store.count(scope, APP, 'endpoint'),
    1200,
    'the resumed pass wrote the same endpoints again',
  );
  let imported = 0;
  for await (const _ of members.iterate(scope, APP, 'c'.repeat(32))) imported++;
  assert.equal(imported, 1200);
  assert.equal((await store.get(scope, APP, 'segment', 'c'.repeat(32))) === undefined, false);
  assert.deepEqual(roles, [job.Definition.RoleArn, job.Definition.RoleArn], 'the role is assumed per run');

  // A finished job found among the jobs (a crash between commit and completion cannot leave one,
  // but a stale one must not run a job twice) is only done.
  const third = w.worker();
  await w.enqueue(third);
  await until(async () => !(await w.pending()), 'the stale job done');
  await third.worker.stop();
  assert.equal(
    (await store.get<ImportJobDoc>(scope, APP, 'import-job', JOB))!.doc.CompletionDate,
    done.CompletionDate,
  );
  await db.close();
});

test('a job whose app is deleted while it runs stops and leaves the queue', async () => {
  const w = await world(
    importRoot(
      'big.csv',
      ['ChannelType,Address', ...Array.from({ length: 1200 }, (_, i) => `EMAIL,u${i}@example.com`)].join(
        '\n',
      ),
    ),
  );
  const { db, store } = w;
  await store.put(scope, APP, 'app', '', { Id: APP });
  const jobs = w.worker();
  await db.transaction(async () => {
    await store.put(scope, APP, 'import-job', JOB, jobDoc('s3://bucket/big.csv'));
    await w.enqueue(jobs);
  });
  // The job writes its first batch; the app goes meanwhile (DeleteApp deletes its subtree).
  await until(async () => ((await jobOf(store))?.TotalProcessed ?? 0) > 0, 'a first batch');
  await store.deleteApp(scope, APP);
  await until(async () => !(await w.pending()), 'the job done');
  await jobs.worker.stop();
  assert.ok(
    (await store.count(scope, APP, 'endpoint')) < 1200,
    'the job stopped writing into the deleted app',
  );
  assert.equal(await store.get(scope, APP, 'import-job', JOB), undefined, 'the job is not written back');
  await db.close();
});

test('a job past its deadline fails, and its fetch of a source that never answers is closed', async () => {
  const web = await localServer({ '/never.csv': never });
  try {
    const w = await world(importRoot('x.csv', ''), true);
    const { db, store } = w;
    await store.put(scope, APP, 'app', '', { Id: APP });
    await store.put(scope, APP, 'import-job', JOB, jobDoc(`${web.url}/never.csv`));
    await w.enqueue();
    await w.runToEnd({}, { jobTimeoutMs: 500 });
    const done = (await store.get<ImportJobDoc>(scope, APP, 'import-job', JOB))!.doc;
    assert.equal(done.JobStatus, 'FAILED');
    assert.deepEqual(done.Failures, ['The import job did not finish within 0.5 seconds']);
    assert.equal(web.hits.get('/never.csv'), 1);
    await eventually(() => web.openConnections() === 0);
    assert.equal(await w.pending(), false, 'a failed job leaves the queue');
    await db.close();
  } finally {
    await web.close();
  }
});

test('a job whose role cannot be assumed fails with STS’s words and reads nothing', async () => {
  const web = await localServer({ '/e.csv': text('ChannelType,Address\nEMAIL,a@example.com\n') });
  try {
    const w = await world(importRoot('x.csv', ''), true);
    const { db, store } = w;
    const refusal =
      'User: pinpoint.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: r';
    await store.put(scope, APP, 'app', '', { Id: APP });
    await store.put(scope, APP, 'import-job', JOB, jobDoc(`${web.url}/e.csv`));
    await w.enqueue();
    await w.runToEnd({
      assumeRole: () => Promise.reject(new AwsError({ code: 'AccessDenied', status: 403, message: refusal })),
    });
    const done = (await store.get<ImportJobDoc>(scope, APP, 'import-job', JOB))!.doc;
    assert.equal(done.JobStatus, 'FAILED');
    assert.deepEqual(done.Failures, [refusal]);
    assert.equal(web.total(), 0, 'nothing was fetched');
    assert.equal(await store.count(scope, APP, 'endpoint'), 0);
    await db.close();
  } finally {
    await web.close();
  }
});

test('an upgraded database: import jobs queued by the old table become import-job jobs', async () => {
  const db = await openTestDatabase([...jobMigrations, ...pinpointDocumentMigrations, segmentMigrations[0]]);
  const queued = { ...scope, appId: APP, jobId: JOB };
  const created = new Date('2026-11-29T10:00:00Z');
  await new PinpointStore(db, () => created).put(scope, APP, 'import-job', JOB, jobDoc('s3://bucket/x.csv'));
  await db.run('INSERT INTO pinpoint_import_queue (account, region, app_id, job_id) VALUES (?, ?, ?, ?)', [
    scope.account,
    scope.region,
    APP,
    JOB,
  ]);
  await migrate(db, [...jobMigrations, ...pinpointDocumentMigrations, ...segmentMigrations]);
  const [job] = await new JobQueue(db).claim('me', IMPORT, 5, Date.now(), 1000);
  assert.deepEqual(
    { key: job.key, payload: job.payload, runAt: job.runAt },
    { key: JOB, payload: queued, runAt: created.getTime() },
    'due since the job was created',
  );
  await assert.rejects(db.get('SELECT 1 FROM pinpoint_import_queue'), 'the old queue is gone');
  await db.close();
});
