/**
 * The custom policy checks (API_CheckAccessNotGranted.html, API_CheckNoPublicAccess.html,
 * API_CheckNoNewAccess.html) over the engine's iam/policy/access-checks.ts. Each is authorized as
 * its `access-analyzer:` action on no resource (list_awsiamaccessanalyzer.html).
 */
import {
  checkAccessNotGranted,
  checkNoNewAccess,
  checkNoPublicAccess,
} from '../../iam/policy/access-checks.js';
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import { readPolicy } from './input.js';
import type { InputOf, OutputOf } from '../../wire/model/types/accessanalyzer.js';

export function accessCheckOperations(): OperationSpec[] {
  const notGranted = defineOperation<InputOf<'CheckAccessNotGranted'>, OutputOf<'CheckAccessNotGranted'>>({
    name: 'CheckAccessNotGranted',
    action: 'access-analyzer:CheckAccessNotGranted',
    resources: () => ['*'],
    handler(i) {
      const doc = readPolicy('policyDocument', i.policyDocument);
      const spec = i.access[0] ?? {};
      return checkAccessNotGranted(doc, spec, i.policyType);
    },
  });

  // A resource type the model does not list (an SES identity policy …) is refused by the model
  // step, as AWS does: "For resource types not supported as valid values, IAM Access Analyzer will
  // return an error."
  const noPublic = defineOperation<InputOf<'CheckNoPublicAccess'>, OutputOf<'CheckNoPublicAccess'>>({
    name: 'CheckNoPublicAccess',
    action: 'access-analyzer:CheckNoPublicAccess',
    resources: () => ['*'],
    handler: (i) => checkNoPublicAccess(readPolicy('policyDocument', i.policyDocument), i.resourceType),
  });

  const noNew = defineOperation<InputOf<'CheckNoNewAccess'>, OutputOf<'CheckNoNewAccess'>>({
    name: 'CheckNoNewAccess',
    action: 'access-analyzer:CheckNoNewAccess',
    resources: () => ['*'],
    handler: (i) =>
      checkNoNewAccess(
        readPolicy('newPolicyDocument', i.newPolicyDocument),
        readPolicy('existingPolicyDocument', i.existingPolicyDocument),
        i.policyType,
      ),
  });

  return [notGranted, noPublic, noNew];
}
