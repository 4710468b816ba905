import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Principal } from '../../wire/principal.js';
import { ServiceAccessRecorder } from './service-access-recorder.js';
import { ReportRepo } from './store-reports.js';
import { ACCOUNT, closeIamStores, memoryIamStore } from './store-test-helpers.js';

after(closeIamStores);

const user: Principal = {
  account: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:user/u`,
  kind: 'User',
  userId: 'AIDAEXAMPLE',
  userName: 'u',
  isRoot: false,
};
const session: Principal = {
  account: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/R/s`,
  kind: 'AssumedRole',
  userId: 'AROAEXAMPLE:s',
  roleArn: `arn:aws:iam::${ACCOUNT}:role/R`,
  isRoot: false,
};
const root: Principal = {
  account: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:root`,
  kind: 'Account',
  userId: ACCOUNT,
  isRoot: true,
};

test('many attempts are kept in memory as one entry per entity and action, and written in one flush', async () => {
  const store = await memoryIamStore();
  const repo = new ReportRepo(store.db);
  let now = new Date('2026-03-01T00:00:00Z');
  const recorder = new ServiceAccessRecorder(repo, () => now);
  for (let i = 0; i < 1000; i++) {
    now = new Date(now.getTime() + 1000);
    recorder.record(user, i % 2 ? 'iam:GetUser' : 'ses:SendEmail', 'us-east-1');
  }
  recorder.record(session, 'iam:ListUsers', 'eu-west-1');
  recorder.record(root, 'iam:ListUsers', 'us-east-1');
  // Nothing is written before the flush.
  assert.deepEqual(await repo.accessOf(ACCOUNT, [user.arn]), []);
  await recorder.flush();
  assert.deepEqual(recorder.stats, { recorded: 1001, flushes: 1, rowsWritten: 3, failures: 0 });
  const rows = await repo.accessOf(ACCOUNT, [user.arn, session.roleArn!, root.arn]);
  const by = Object.fromEntries(rows.map((r) => [`${r.PrincipalArn} ${r.Action}`, r]));
  assert.deepEqual(Object.keys(by).sort(), [
    `${session.roleArn} iam:ListUsers`,
    `${user.arn} iam:GetUser`,
    `${user.arn} ses:SendEmail`,
  ]);
  // The latest attempt of each is kept.
  assert.equal(by[`${user.arn} iam:GetUser`]!.LastAuthenticated.getTime(), now.getTime());
  assert.equal(by[`${session.roleArn} iam:ListUsers`]!.Region, 'eu-west-1');
  // An empty flush writes nothing.
  await recorder.flush();
  assert.equal(recorder.stats.flushes, 1);
});

test('a row only moves forward in time (a slower process flushing an older attempt)', async () => {
  const store = await memoryIamStore();
  const repo = new ReportRepo(store.db);
  const later = new Date('2026-03-02T00:00:00Z');
  const earlier = new Date('2026-03-01T00:00:00Z');
  const rec = (when: Date, region: string) => ({
    PrincipalArn: user.arn,
    Action: 'iam:GetUser',
    LastAuthenticated: when,
    Region: region,
  });
  await repo.recordAccess([[ACCOUNT, [rec(later, 'us-east-1')]]]);
  await repo.recordAccess([[ACCOUNT, [rec(earlier, 'eu-west-1')]]]);
  const [row] = await repo.accessOf(ACCOUNT, [user.arn]);
  assert.equal(row!.LastAuthenticated.getTime(), later.getTime());
  assert.equal(row!.Region, 'us-east-1');
});

test("an access key's first use in each 15-minute span is recorded as its last use", async () => {
  const store = await memoryIamStore();
  await store.users.create(ACCOUNT, { UserName: 'u' });
  const key = await store.accessKeys.create(ACCOUNT, 'u');
  const start = new Date('2026-03-01T00:00:00Z');
  let now = start;
  const recorder = new ServiceAccessRecorder(new ReportRepo(store.db), () => now, store.accessKeys);
  const use = async (minutes: number, action: string) => {
    now = new Date(start.getTime() + minutes * 60_000);
    recorder.record(user, action, 'eu-west-1', key.AccessKeyId);
    await recorder.flush();
    return store.accessKeys.lastUsed(key.AccessKeyId);
  };
  assert.deepEqual(await use(0, 'iam:GetUser'), {
    LastUsedDate: start,
    ServiceName: 'iam',
    Region: 'eu-west-1',
  });
  assert.equal((await use(14, 'ses:SendEmail'))?.LastUsedDate?.getTime(), start.getTime());
  const later = await use(15, 'ses:SendEmail');
  assert.equal(later?.LastUsedDate?.getTime(), start.getTime() + 15 * 60_000);
  assert.equal(later?.ServiceName, 'ses');
});
