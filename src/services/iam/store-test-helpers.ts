import { openDatabase } from '../../store/index.js';
import { IamStore, iamMigrations } from './store.js';

/** A fresh in-memory IAM store with its migrations applied, for tests. */
export function memoryIamStore(): IamStore {
  return new IamStore(openDatabase({ data: ':memory:', migrations: iamMigrations }));
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
