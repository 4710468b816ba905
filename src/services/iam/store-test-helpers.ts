import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../store/index.js';
import { IamStore, iamMigrations } from './store.js';

/**
 * Where a test's IAM store lives: `:memory:`, or a fresh schema of the PostgreSQL database that
 * `PINPOST_TEST_DATABASE` names (test/support/database.ts's rule; this file is built with src/,
 * which cannot import test/).
 */
function testData(): string {
  const url = process.env.PINPOST_TEST_DATABASE;
  if (!url) return ':memory:';
  const u = new URL(url);
  u.searchParams.set('schema', `t_${randomBytes(6).toString('hex')}`);
  return u.toString();
}

const opened: IamStore[] = [];

/** A fresh IAM store with its migrations applied, for tests; {@link closeIamStores} closes it. */
export async function memoryIamStore(): Promise<IamStore> {
  const store = new IamStore(
    await openDatabase({ data: testData(), migrations: iamMigrations, poolSize: 4 }),
  );
  opened.push(store);
  return store;
}

/** Closes every store {@link memoryIamStore} opened (a test file's `after`): pools keep a process alive. */
export async function closeIamStores(): Promise<void> {
  for (const store of opened.splice(0)) await store.db.close();
}

export const ACCOUNT = '000000000000';
export const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});
export const ALLOW_SEND = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['ses:SendEmail', 'ses:SendRawEmail'], Resource: '*' }],
});
