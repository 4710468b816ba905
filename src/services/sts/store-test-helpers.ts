import { openDatabase } from '../../store/index.js';
import { IamStore, iamMigrations } from '../iam/store.js';
import type { NewSession } from './model.js';
import { StsStore, stsMigrations } from './store.js';

/** IAM and STS stores over one in-memory database, as the server opens them. */
export function memoryStores(): { iam: IamStore; sts: StsStore } {
  const db = openDatabase({ data: ':memory:', migrations: [...iamMigrations, ...stsMigrations] });
  return { iam: new IamStore(db), sts: new StsStore(db) };
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
