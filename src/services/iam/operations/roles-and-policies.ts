/** Roles, inline policies, managed policies and their versions, attachments, boundaries. */
import type { OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';

export function roleAndPolicyOperations(_deps: IamDeps): OperationSpec[] {
  return [];
}
