/**
 * Issue 14's remaining IAM operations of this part: service-specific credentials, the credential
 * report, the STS token preference, policies granting service access, service last accessed
 * reports and the Organizations access report, one file per area.
 */
import type { OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import { credentialReportOperations } from './credential-report-operations.js';
import { organizationsAccessReportOperations } from './organizations-access-report-operations.js';
import { serviceAccessOperations } from './service-access-operations.js';
import { serviceSpecificCredentialOperations } from './service-specific-credential-operations.js';
import { stsPreferencesOperation } from './sts-preferences-operation.js';

export function reportingOperations(deps: IamDeps): OperationSpec[] {
  return [
    ...serviceSpecificCredentialOperations(deps),
    ...credentialReportOperations(deps),
    stsPreferencesOperation(deps),
    ...serviceAccessOperations(deps),
    ...organizationsAccessReportOperations(),
  ];
}
