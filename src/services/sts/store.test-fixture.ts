/** Test fixtures of the STS store (not built: it reads the test support's database choice). */
import { openTestDatabase } from '../../../test/support/database.js';
import type { Database } from '../../store/index.js';
import { IamStore, iamMigrations } from '../iam/store.js';
import type { NewSession } from './model.js';
import { StsStore, stsMigrations } from './store.js';

const opened: Database[] = [];

/** IAM and STS stores over one fresh test database, as the server opens them; see closeStores. */
export async function memoryStores(): Promise<{ iam: IamStore; sts: StsStore }> {
  const db = await openTestDatabase([...iamMigrations, ...stsMigrations]);
  opened.push(db);
  return { iam: new IamStore(db), sts: new StsStore(db) };
}

/** Closes every database memoryStores opened (a PostgreSQL pool would keep the test running). */
export async function closeStores(): Promise<void> {
  for (const db of opened.splice(0)) await db.close();
}

export function roleSession(roleId: string, overrides: Partial<NewSession> = {}): NewSession {
  return {
    kind: 'AssumedRole',
    accountId: '000000000000',
    roleArn: 'arn:aws:iam::000000000000:role/Sender',
    roleId,
    roleName: 'Sender',
    sessionName: 'campaign-42',
    durationSeconds: 3600,
    policyArns: [],
    tags: [],
    transitiveTagKeys: [],
    chained: false,
    ...overrides,
  };
}
