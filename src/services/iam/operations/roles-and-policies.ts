/**
 * Roles, inline policies, managed policies and their versions, attachments, boundaries: the
 * operation tables of each, one file per resource.
 */
import type { OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import { attachOperations } from './attach-operations.js';
import { boundaryOperations } from './boundary-operations.js';
import { delegationOperations } from './delegation-operations.js';
import { instanceProfileOperations } from './instance-profile-operations.js';
import { identityProviderOperations } from './identity-provider-operations.js';
import { inlinePolicyOperations } from './inline-policy-operations.js';
import { organizationsOperations } from './organizations-operations.js';
import { outboundFederationOperations } from './outbound-federation-operations.js';
import { policyEntityOperations } from './policy-entity-operations.js';
import { policyOperations } from './policy-operations.js';
import { policyTagOperations } from './policy-tag-operations.js';
import { policyVersionOperations } from './policy-version-operations.js';
import { roleOperations } from './role-operations.js';
import { roleTagOperations } from './role-tag-operations.js';
import { serviceLinkedRoleOperations } from './service-linked-roles.js';

export function roleAndPolicyOperations(deps: IamDeps): OperationSpec[] {
  return [
    ...roleOperations(deps),
    ...roleTagOperations(deps),
    ...serviceLinkedRoleOperations(deps),
    ...boundaryOperations(deps),
    ...inlinePolicyOperations(deps),
    ...policyOperations(deps),
    ...policyVersionOperations(deps),
    ...policyTagOperations(deps),
    ...policyEntityOperations(deps),
    ...attachOperations(deps),
    ...instanceProfileOperations(deps),
    ...identityProviderOperations(deps),
    ...organizationsOperations(),
    ...delegationOperations(),
    ...outboundFederationOperations(deps),
  ];
}
