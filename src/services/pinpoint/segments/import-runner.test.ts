/**
 * The import runner's durability (import-runner.ts): a job stopped mid-way stays queued and
 * PROCESSING; a runner started on the same database later runs it again from the first line, and
 * the second pass writes the same endpoints (ids derived from job and line), not duplicates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../store/index.js';
import { pinpointDocumentMigrations } from '../migrations.js';
import { PinpointStore } from '../store.js';
import { ImportRunner, type ImportJobDoc } from './import-runner.js';
import { SegmentMembers, segmentMigrations } from './members.js';

const scope = { account: '000000000000', region: 'us-east-1' };
const APP = 'a'.repeat(32);
const JOB = 'b'.repeat(32);

test('a job stopped mid-way is resumed from the start by the next runner and completes once', async () => {
  const db = openDatabase({
    data: ':memory:',
    migrations: [...pinpointDocumentMigrations, ...segmentMigrations],
  });
  const store = new PinpointStore(db, () => new Date('2026-11-29T10:00:00Z'));
  const members = new SegmentMembers(db);
  const deps = { store, members, partition: 'aws', clock: store.now };

  // 1,200 endpoints without Id: three batches, and ids the runner must derive the same way twice.
  const dir = mkdtempSync(join(tmpdir(), 'pinpost-import-'));
  const file = join(dir, 'big.csv');
  const lines = Array.from({ length: 1200 }, (_, i) => `EMAIL,user${i}@example.com`);
  writeFileSync(file, ['ChannelType,Address', ...lines].join('\n'));

  const job: ImportJobDoc = {
    Id: JOB,
    ApplicationId: APP,
    CreationDate: '2026-11-29T10:00:00.000Z',
    Definition: {
      Format: 'CSV',
      S3Url: file,
      RoleArn: 'arn:aws:iam::000000000000:role/r',
      SegmentId: 'c'.repeat(32),
    },
    JobStatus: 'CREATED',
    Type: 'IMPORT',
    TotalPieces: 0,
    CompletedPieces: 0,
    FailedPieces: 0,
    TotalProcessed: 0,
    TotalFailures: 0,
    Failures: [],
  };
  const queued = { ...scope, appId: APP, jobId: JOB };
  store.put(scope, APP, 'app', '', { Id: APP });
  store.put(scope, APP, 'import-job', JOB, job);
  members.enqueue(queued);

  const first = new ImportRunner(deps);
  first.schedule(queued);
  await first.stop(); // stops at the first batch boundary
  const stopped = store.get<ImportJobDoc>(scope, APP, 'import-job', JOB)!.doc;
  assert.equal(stopped.JobStatus, 'PROCESSING');
  assert.ok(stopped.TotalProcessed < 1200, `stopped after ${stopped.TotalProcessed} lines`);
  assert.deepEqual(members.queued(), [queued]);

  const second = new ImportRunner(deps);
  second.resume();
  await second.idle();
  const done = store.get<ImportJobDoc>(scope, APP, 'import-job', JOB)!.doc;
  assert.equal(done.JobStatus, 'COMPLETED');
  assert.equal(done.TotalProcessed, 1200);
  assert.equal(done.TotalFailures, 0);
  assert.equal(store.count(scope, APP, 'endpoint'), 1200, 'the resumed pass wrote the same endpoints again');
  assert.equal([...members.iterate(scope, APP, 'c'.repeat(32))].length, 1200);
  assert.deepEqual(members.queued(), []);
  assert.equal(store.get(scope, APP, 'segment', 'c'.repeat(32)) === undefined, false);

  // A finished job found in the queue (a crash between commit and dequeue cannot leave one, but a
  // stale row must not run a job twice) is only taken off the queue.
  members.enqueue(queued);
  const third = new ImportRunner(deps);
  third.resume();
  await third.idle();
  assert.deepEqual(members.queued(), []);
  assert.equal(
    store.get<ImportJobDoc>(scope, APP, 'import-job', JOB)!.doc.CompletionDate,
    done.CompletionDate,
  );
  db.close();
});

test('a job whose app is deleted while it runs stops and leaves the queue', async () => {
  const db = openDatabase({
    data: ':memory:',
    migrations: [...pinpointDocumentMigrations, ...segmentMigrations],
  });
  const store = new PinpointStore(db);
  const members = new SegmentMembers(db);
  const runner = new ImportRunner({ store, members, partition: 'aws', clock: store.now });
  const dir = mkdtempSync(join(tmpdir(), 'pinpost-import-'));
  const file = join(dir, 'big.csv');
  writeFileSync(
    file,
    ['ChannelType,Address', ...Array.from({ length: 1200 }, (_, i) => `EMAIL,u${i}@example.com`)].join('\n'),
  );
  store.put(scope, APP, 'app', '', { Id: APP });
  const job = {
    Id: JOB,
    ApplicationId: APP,
    CreationDate: '2026-11-29T10:00:00.000Z',
    Definition: { Format: 'CSV', S3Url: file, RoleArn: 'arn:aws:iam::000000000000:role/r' },
    JobStatus: 'CREATED',
    Type: 'IMPORT',
    TotalPieces: 0,
    CompletedPieces: 0,
    FailedPieces: 0,
    TotalProcessed: 0,
    TotalFailures: 0,
    Failures: [],
  };
  store.put(scope, APP, 'import-job', JOB, job);
  const queued = { ...scope, appId: APP, jobId: JOB };
  members.enqueue(queued);
  runner.schedule(queued);
  // The job writes its first batch, then yields; the app goes meanwhile (DeleteApp deletes its subtree).
  setImmediate(() => store.deleteApp(scope, APP));
  await runner.idle();
  assert.deepEqual(members.queued(), []);
  assert.ok(store.count(scope, APP, 'endpoint') < 1200, 'the job stopped writing into the deleted app');
  assert.equal(store.get(scope, APP, 'import-job', JOB), undefined, 'the job is not written back');
  db.close();
});
