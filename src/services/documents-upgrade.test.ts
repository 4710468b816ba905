/**
 * A database from before the one document store upgrades: SES's `ses_documents` and Pinpoint's
 * `pinpoint_documents` (their version-1 migrations, as an older Pinpost applied them) move into
 * `documents` when the current migrations run, and everything reads back through ControlStore and
 * PinpointStore. Runs on PostgreSQL too (`node scripts/run-tests.mjs --postgres`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestDatabase } from '../../test/support/database.js';
import { jobMigrations, JobQueue } from '../jobs/index.js';
import { generationMigrations } from '../store/generations.js';
import { migrate } from '../store/migrations.js';
import { pinpointDocumentMigrations } from './pinpoint/migrations.js';
import { IMPORT } from './pinpoint/segments/import-runner.js';
import { segmentMigrations } from './pinpoint/segments/members.js';
import { PinpointStore } from './pinpoint/store.js';
import { sesControlMigrations } from './ses/control/migrations.js';
import { ControlStore } from './ses/control/store.js';

const scope = { account: '111122223333', region: 'us-east-1' };
const APP = 'a'.repeat(32);
const JOB = 'b'.repeat(32);
const CREATED = '2026-11-01T10:00:00.000Z';
const UPDATED = '2026-11-02T10:00:00.000Z';

const current = [
  ...generationMigrations,
  ...jobMigrations,
  ...sesControlMigrations,
  ...pinpointDocumentMigrations,
  ...segmentMigrations,
];
const old = current.filter((m) => m.version === 1);

test('an older database: both services’ documents move into documents and read back alike', async () => {
  const db = await openTestDatabase(old);
  const ses = (kind: string, parent: string, key: string, doc: object) =>
    db.run(
      `INSERT INTO ses_documents (account, region, kind, parent, name_key, doc, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [scope.account, scope.region, kind, parent, key, JSON.stringify(doc), CREATED, UPDATED],
    );
  const pinpoint = (appId: string, kind: string, key: string, doc: object, userId: string | null = null) =>
    db.run(
      `INSERT INTO pinpoint_documents (account, region, app_id, kind, doc_key, user_id, doc, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [scope.account, scope.region, appId, kind, key, userId, JSON.stringify(doc), CREATED, UPDATED],
    );
  await ses('identity', '', 'example.com', { tags: [{ Key: 'team', Value: 'mail' }] });
  await ses('contactlist', '', 'news', { name: 'news' });
  await ses('contact', 'news', 'a@example.com', { email: 'a@example.com' });
  await ses('contact', 'news', 'b@example.com', { email: 'b@example.com' });
  // The same kind and key in both services: they must stay two documents.
  await ses('template', '', 'welcome', { service: 'ses' });
  await pinpoint('', 'template', 'welcome', { service: 'pinpoint' });
  await pinpoint('', 'template-version', 'welcome/0000000001', { version: 1 });
  await pinpoint(APP, 'app', '', { Id: APP, tags: { team: 'mail' } });
  await pinpoint(APP, 'endpoint', 'e1', { Address: 'a@example.com' }, 'user-1');
  await pinpoint(APP, 'endpoint', 'e2', { Address: 'b@example.com' }, 'user-1');
  await pinpoint(APP, 'endpoint', 'e3', { Address: 'c@example.com' });
  await pinpoint(APP, 'import-job', JOB, { Id: JOB });
  // An import an older Pinpost queued: pinpoint-segments' version 2 reads its document's date.
  await db.run('INSERT INTO pinpoint_import_queue (account, region, app_id, job_id) VALUES (?, ?, ?, ?)', [
    scope.account,
    scope.region,
    APP,
    JOB,
  ]);

  const applied = await migrate(db, current);
  assert.deepEqual(
    applied.filter((m) => m.context !== 'jobs').map((m) => `${m.context}/${m.version}`),
    ['pinpoint/2', 'pinpoint-segments/2', 'ses-control/2'],
  );

  const control = new ControlStore(db);
  const identity = await control.get<{ tags: unknown[] }>(scope, 'identity', 'example.com');
  assert.deepEqual(identity, {
    key: 'example.com',
    doc: { tags: [{ Key: 'team', Value: 'mail' }] },
    created: new Date(CREATED),
    updated: new Date(UPDATED),
  });
  assert.deepEqual(
    (await control.list(scope, 'contact', { parent: 'news' })).map((c) => c.key),
    ['a@example.com', 'b@example.com'],
  );
  assert.equal(await control.count(scope, 'contactlist'), 1);
  assert.deepEqual((await control.get(scope, 'template', 'welcome'))?.doc, { service: 'ses' });

  const store = new PinpointStore(db);
  assert.deepEqual(
    (await store.apps(scope, '', 10)).map((a) => [a.appId, a.doc]),
    [[APP, { Id: APP, tags: { team: 'mail' } }]],
  );
  assert.deepEqual((await store.get(scope, '', 'template', 'welcome'))?.doc, { service: 'pinpoint' });
  assert.deepEqual(await store.versions(scope, '', 'template-version', 'welcome'), [{ version: 1 }]);
  assert.deepEqual(
    (await store.byUser(scope, APP, 'endpoint', 'user-1')).map((e) => e.key),
    ['e1', 'e2'],
    'user ids came along',
  );
  assert.equal(await store.count(scope, APP, 'endpoint'), 3);
  const endpoint = await store.get(scope, APP, 'endpoint', 'e3');
  assert.deepEqual([endpoint?.created, endpoint?.updated], [new Date(CREATED), new Date(UPDATED)]);

  const [job] = await new JobQueue(db).claim('me', IMPORT, 5, Date.now(), 1000);
  assert.deepEqual([job.key, job.runAt], [JOB, Date.parse(CREATED)], 'the queued import, due since created');

  await assert.rejects(db.get('SELECT 1 FROM ses_documents'), 'the old SES table is gone');
  await assert.rejects(db.get('SELECT 1 FROM pinpoint_documents'), 'the old Pinpoint table is gone');

  // Writes after the upgrade land in the one table and are read back with the moved documents.
  await control.put(scope, 'contact', 'c@example.com', { email: 'c@example.com' }, 'news');
  assert.equal(await control.count(scope, 'contact', 'news'), 3);
  await store.deleteApp(scope, APP);
  assert.equal(await store.count(scope, APP, 'endpoint'), 0);
  assert.equal(await control.count(scope, 'contact', 'news'), 3, 'SES documents are not Pinpoint’s');
  await db.close();
});

test('a new database: either service’s migrations alone give it the documents table', async () => {
  for (const migrations of [sesControlMigrations, pinpointDocumentMigrations]) {
    // SES's writes move the `ses-control` generation (src/store/generations.ts).
    const db = await openTestDatabase([...generationMigrations, ...migrations]);
    await new ControlStore(db).put(scope, 'identity', 'x', {});
    await new PinpointStore(db).put(scope, APP, 'app', '', {});
    assert.equal(await new ControlStore(db).count(scope, 'identity'), 1);
    assert.equal((await new PinpointStore(db).apps(scope, '', 5)).length, 1);
    await db.close();
  }
});
