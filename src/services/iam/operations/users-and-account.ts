/** Users, access keys, groups and membership, account summaries, simulation and context keys. */
import type { OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';

export function userAndAccountOperations(_deps: IamDeps): OperationSpec[] {
  return [];
}
