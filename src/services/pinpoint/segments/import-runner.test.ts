/**
 * The import runner (import-runner.ts): a job stopped mid-way stays queued and PROCESSING; a runner
 * started on the same database later runs it again from the first line, and the second pass writes
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
import { ImportRunner, type ImportJobDoc, type RunnerDeps } from './import-runner.js';
import { SegmentMembers, segmentMigrations } from './members.js';
import { AwsError } from '../../../wire/errors.js';
import { openTestDatabase } from '../../../../test/support/database.js';

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
  const db = await openTestDatabase([...pinpointDocumentMigrations, ...segmentMigrations]);
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
  return { db, store, members, deps, roles };
}

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
  const { db, store, members, deps, roles } = await world(
    importRoot('big.csv', ['ChannelType,Address', ...lines].join('\n')),
  );
  const job = jobDoc('s3://bucket/big.csv', { SegmentId: 'c'.repeat(32) });
  const queued = { ...scope, appId: APP, jobId: JOB };
  await store.put(scope, APP, 'app', '', { Id: APP });
  await store.put(scope, APP, 'import-job', JOB, job);
  await members.enqueue(queued);

  const first = new ImportRunner(deps);
  first.schedule(queued);
  await first.stop(); // aborts the running job where it is
  const stopped = (await store.get<ImportJobDoc>(scope, APP, 'import-job', JOB))!.doc;
  assert.equal(stopped.JobStatus, 'PROCESSING');
  assert.ok(stopped.TotalProcessed < 1200, `stopped after ${stopped.TotalProcessed} lines`);
  assert.deepEqual(await members.queued(), [queued]);

  const second = new ImportRunner(deps);
  await second.resume();
  await second.idle();
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
  assert.deepEqual(await members.queued(), []);
  assert.equal((await store.get(scope, APP, 'segment', 'c'.repeat(32))) === undefined, false);
  assert.deepEqual(roles, [job.Definition.RoleArn, job.Definition.RoleArn], 'the role is assumed per run');

  // A finished job found in the queue (a crash between commit and dequeue cannot leave one, but a
  // stale row must not run a job twice) is only taken off the queue.
  await members.enqueue(queued);
  const third = new ImportRunner(deps);
  await third.resume();
  await third.idle();
  assert.deepEqual(await members.queued(), []);
  assert.equal(
    (await store.get<ImportJobDoc>(scope, APP, 'import-job', JOB))!.doc.CompletionDate,
    done.CompletionDate,
  );
  await db.close();
});

test('a job whose app is deleted while it runs stops and leaves the queue', async () => {
  const { db, store, members, deps } = await world(
    importRoot(
      'big.csv',
      ['ChannelType,Address', ...Array.from({ length: 1200 }, (_, i) => `EMAIL,u${i}@example.com`)].join(
        '\n',
      ),
    ),
  );
  const runner = new ImportRunner(deps);
  await store.put(scope, APP, 'app', '', { Id: APP });
  await store.put(scope, APP, 'import-job', JOB, jobDoc('s3://bucket/big.csv'));
  const queued = { ...scope, appId: APP, jobId: JOB };
  await members.enqueue(queued);
  runner.schedule(queued);
  // The job writes its first batch, then yields; the app goes meanwhile (DeleteApp deletes its subtree).
  const deleted = new Promise<void>((resolve, reject) =>
    setImmediate(() => store.deleteApp(scope, APP).then(resolve, reject)),
  );
  await runner.idle();
  await deleted;
  assert.deepEqual(await members.queued(), []);
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
    const { db, store, members, deps } = await world(importRoot('x.csv', ''), true);
    const runner = new ImportRunner(deps, { jobTimeoutMs: 100 });
    await store.put(scope, APP, 'app', '', { Id: APP });
    await store.put(scope, APP, 'import-job', JOB, jobDoc(`${web.url}/never.csv`));
    const queued = { ...scope, appId: APP, jobId: JOB };
    await members.enqueue(queued);
    runner.schedule(queued);
    await runner.idle();
    const done = (await store.get<ImportJobDoc>(scope, APP, 'import-job', JOB))!.doc;
    assert.equal(done.JobStatus, 'FAILED');
    assert.deepEqual(done.Failures, ['The import job did not finish within 0.1 seconds']);
    assert.equal(web.hits.get('/never.csv'), 1);
    await eventually(() => web.openConnections() === 0);
    assert.deepEqual(await members.queued(), [], 'a failed job leaves the queue');
    await db.close();
  } finally {
    await web.close();
  }
});

test('a job whose role cannot be assumed fails with STS’s words and reads nothing', async () => {
  const web = await localServer({ '/e.csv': text('ChannelType,Address\nEMAIL,a@example.com\n') });
  try {
    const { db, store, members, deps } = await world(importRoot('x.csv', ''), true);
    const refusal =
      'User: pinpoint.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: r';
    const runner = new ImportRunner({
      ...deps,
      assumeRole: () => Promise.reject(new AwsError({ code: 'AccessDenied', status: 403, message: refusal })),
    });
    await store.put(scope, APP, 'app', '', { Id: APP });
    await store.put(scope, APP, 'import-job', JOB, jobDoc(`${web.url}/e.csv`));
    const queued = { ...scope, appId: APP, jobId: JOB };
    await members.enqueue(queued);
    runner.schedule(queued);
    await runner.idle();
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
