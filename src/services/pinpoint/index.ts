/**
 * Amazon Pinpoint's email engine (restJson1 under `/v1/`, signing name `mobiletargeting`): apps and
 * their settings, the email channel with its orchestration sending role, endpoints.
 */
import type { Database, Migration } from '../../store/index.js';
import type { OperationSpec } from '../../wire/operation.js';
import type { IamDeps } from '../iam/deps.js';
import type { SesControl } from '../ses/control/index.js';

export const pinpointMigrations: readonly Migration[] = [];

export interface PinpointDeps extends IamDeps {
  region: string;
  ses: SesControl;
}

export interface Pinpoint {
  operations(): OperationSpec[];
}

/** Until the Pinpoint engine lands: no operations (unknown routes answer as AWS does). */
export function createPinpoint(_db: Database, _deps: PinpointDeps): Pinpoint {
  return { operations: () => [] };
}
