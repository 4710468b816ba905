/**
 * Amazon Pinpoint's email engine (restJson1 under `/v1/`, signing name `mobiletargeting`): apps and
 * their settings, the email channel with its orchestration sending role, endpoints.
 */
import type { Database } from '../../store/index.js';
import type { OperationSpec } from '../../wire/operation.js';
import type { IamDeps } from '../iam/deps.js';
import type { SesControl } from '../ses/control/index.js';
import { appOperations } from './apps.js';
import { emailChannelOperations } from './email-channel.js';
import { endpointOperations } from './endpoints.js';
import { PinpointStore } from './store.js';

export { pinpointMigrations } from './migrations.js';

export interface PinpointDeps extends IamDeps {
  region: string;
  ses: SesControl;
}

export interface Pinpoint {
  operations(): OperationSpec[];
}

export function createPinpoint(db: Database, deps: PinpointDeps): Pinpoint {
  const store = new PinpointStore(db);
  const own = { store, partition: deps.partition };
  return {
    operations: () => [
      ...appOperations(own),
      ...emailChannelOperations({ ...own, ses: deps.ses, authorizer: deps.authorizer }),
      ...endpointOperations(own),
    ],
  };
}
