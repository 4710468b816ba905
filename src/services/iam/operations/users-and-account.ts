/** Users, access keys, groups and membership, account summaries, simulation and context keys. */
import type { OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import { accountOperations } from './account-operations.js';
import { accountSettingsOperations } from './account-settings-operations.js';
import { accessKeyOperations } from './access-key-operations.js';
import { groupOperations } from './group-operations.js';
import { changePasswordOperation } from './change-password-operation.js';
import { loginProfileOperations } from './login-profile-operations.js';
import { mfaDeviceOperations } from './mfa-device-operations.js';
import { serverCertificateOperations } from './server-certificate-operations.js';
import { signingCertificateOperations } from './signing-certificate-operations.js';
import { reportingOperations } from './reporting-operations.js';
import { simulationOperations } from './simulation-operations.js';
import { sshPublicKeyOperations } from './ssh-public-key-operations.js';
import { userOperations } from './user-operations.js';
import { userTagOperations } from './user-tag-operations.js';

export function userAndAccountOperations(deps: IamDeps): OperationSpec[] {
  return [
    ...userOperations(deps),
    ...userTagOperations(deps),
    ...accessKeyOperations(deps),
    ...loginProfileOperations(deps),
    changePasswordOperation(deps),
    ...mfaDeviceOperations(deps),
    ...sshPublicKeyOperations(deps),
    ...signingCertificateOperations(deps),
    ...groupOperations(deps),
    ...accountOperations(deps),
    ...accountSettingsOperations(deps),
    ...serverCertificateOperations(deps),
    ...simulationOperations(deps),
    ...reportingOperations(deps),
  ];
}
