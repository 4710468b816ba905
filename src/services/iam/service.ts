/**
 * IAM on the wire: awsQuery, signing name `iam`, global (one endpoint for every region), XML
 * namespace and version from the IAM model (iam/2010-05-08).
 */
import type { ServiceDefinition } from '../../wire/operation.js';
import type { IamDeps } from './deps.js';
import { roleAndPolicyOperations } from './operations/roles-and-policies.js';
import { userAndAccountOperations } from './operations/users-and-account.js';

export const IAM_XML_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

export function iamService(deps: IamDeps): ServiceDefinition {
  return {
    signingName: 'iam',
    id: 'iam',
    model: 'iam',
    protocol: 'query',
    xmlNamespace: IAM_XML_NAMESPACE,
    version: '2010-05-08',
    operations: [...roleAndPolicyOperations(deps), ...userAndAccountOperations(deps)],
  };
}
