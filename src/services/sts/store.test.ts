import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openDatabase } from '../../store/index.js';
import { TEST_DATABASE, testData } from '../../../test/support/database.js';
import { iamMigrations } from '../iam/store.js';
import { EXPIRED_SESSION_RETENTION_MS, StsStore, stsMigrations } from './store.js';
import { closeStores, memoryStores, roleSession } from './store.test-fixture.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
after(closeStores);

const ROLE_ID = 'AROAABCDEFGHIJKLMNOPQ';

test('an assumed-role session has ASIA credentials, the assumed-role ARN and AROA…:session id', async () => {
  const { sts } = await memoryStores();
  const now = new Date('2026-01-01T00:00:00Z');
  const s = await sts.sessions.create(
    roleSession(ROLE_ID, {
      policy: '{"Version":"2012-10-17","Statement":[]}',
      policyArns: ['arn:aws:iam::aws:policy/AmazonSESReadOnlyAccess'],
      tags: [{ Key: 'project', Value: 'mail' }],
      transitiveTagKeys: ['project'],
      sourceIdentity: 'alice',
      sourceAccessKeyId: 'test',
    }),
    now,
  );
  assert.match(s.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
  assert.equal(s.SecretAccessKey.length, 40);
  assert.ok(s.SessionToken.length > 300);
  assert.equal(s.Expiration.toISOString(), '2026-01-01T01:00:00.000Z');
  assert.equal(s.Arn, 'arn:aws:sts::000000000000:assumed-role/Sender/campaign-42');
  assert.equal(s.principalId, `${ROLE_ID}:campaign-42`);
  assert.deepEqual((await sts.sessions.find(s.AccessKeyId, now))?.session, s);
  assert.equal(s.chained, false);
  assert.equal(s.sourceIdentity, 'alice');
});

test('a session is found until its Expiration, then reported expired', async () => {
  const { sts } = await memoryStores();
  const issued = new Date('2026-01-01T00:00:00Z');
  const s = await sts.sessions.create(roleSession(ROLE_ID, { durationSeconds: 900 }), issued);
  assert.equal((await sts.sessions.find(s.AccessKeyId, new Date('2026-01-01T00:14:59Z')))?.expired, false);
  assert.equal((await sts.sessions.find(s.AccessKeyId, new Date('2026-01-01T00:15:00Z')))?.expired, true);
  assert.equal(await sts.sessions.find('ASIANOSUCHKEY0000000'), undefined);
});

test('sessions expired longer than the retention are pruned lazily when a new one is issued', async () => {
  const { sts } = await memoryStores();
  const t0 = new Date('2026-01-01T00:00:00Z');
  const old = await sts.sessions.create(roleSession(ROLE_ID, { durationSeconds: 900 }), t0);
  const within = new Date(t0.getTime() + 900_000 + EXPIRED_SESSION_RETENTION_MS - 1);
  await sts.sessions.create(roleSession(ROLE_ID), within);
  assert.equal((await sts.sessions.find(old.AccessKeyId, within))?.expired, true);
  const beyond = new Date(t0.getTime() + 900_000 + EXPIRED_SESSION_RETENTION_MS + 1);
  await sts.sessions.create(roleSession(ROLE_ID), beyond);
  assert.equal(await sts.sessions.find(old.AccessKeyId, beyond), undefined);
  assert.equal(await sts.sessions.count(), 2);
});

test('federated and session-token sessions carry their own principal ids', async () => {
  const { sts } = await memoryStores();
  const fed = await sts.sessions.create({
    ...roleSession(ROLE_ID),
    kind: 'FederatedUser',
    sessionName: 'bob',
  });
  assert.equal(fed.Arn, 'arn:aws:sts::000000000000:federated-user/bob');
  assert.equal(fed.principalId, '000000000000:bob');
  const tok = await sts.sessions.create({
    kind: 'SessionToken',
    accountId: '000000000000',
    Arn: 'arn:aws:iam::000000000000:user/u',
    principalId: 'AIDAABCDEFGHIJKLMNOPQ',
    userId: 'AIDAABCDEFGHIJKLMNOPQ',
    durationSeconds: 43200,
    policyArns: [],
    tags: [],
    transitiveTagKeys: [],
    chained: false,
  });
  assert.equal(tok.userId, 'AIDAABCDEFGHIJKLMNOPQ');
  await assert.rejects(
    sts.sessions.create({ ...roleSession(ROLE_ID), roleName: undefined }),
    /needs its role/,
  );
});

test('sessions survive closing and reopening a file database', async () => {
  let dir: string;
  if (TEST_DATABASE) dir = testData();
  else {
    dir = mkdtempSync(join(tmpdir(), 'pinpost-sts-'));
    dirs.push(dir);
  }
  const migrations = [...iamMigrations, ...stsMigrations];
  const first = new StsStore(await openDatabase({ data: dir, migrations }));
  const s = await first.sessions.create(roleSession(ROLE_ID, { chained: true }));
  await first.db.close();
  const again = new StsStore(await openDatabase({ data: dir, migrations }));
  const found = await again.sessions.find(s.AccessKeyId);
  assert.equal(found?.session.SessionToken, s.SessionToken);
  assert.equal(found?.session.chained, true);
  await again.db.close();
});
