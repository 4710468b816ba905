/**
 * Checks of single Action, condition-key and Resource strings, each answering the first fault
 * (IAM's message and Access Analyzer's finding for it) or undefined. Used by validate.ts; no
 * knowledge of policy types here.
 */
import { DETAILS } from './check-catalog.js';
import { fault, type ElementFault } from './faults.js';
import {
  ACTION_NEEDS_VENDOR,
  ACTION_ONE_COLON,
  IAM_RESOURCE_PATH,
  IAM_RESOURCE_PATH_PREFIXES,
  LEGACY_PARSING,
  VENDOR_NOT_QUALIFIED,
  iamResourceWithRegion,
  partitionNotValid,
  resourceNotArn,
  vendorNotValid,
} from './validate-messages.js';

/** An action is `*` or `vendor:name` (reference_policies_elements_action.html). */
export function actionFault(action: string): ElementFault | undefined {
  if (action === '*') return undefined;
  const parts = action.split(':');
  if (parts.length === 1) return fault(ACTION_NEEDS_VENDOR, 'INVALID_ACTION', DETAILS.action(action));
  if (parts.length > 2) return fault(ACTION_ONE_COLON, 'INVALID_ACTION', DETAILS.action(action));
  // moto: a vendor holds letters, digits, `-` and `.` only (IAM service prefixes have that form).
  if (/[^a-zA-Z0-9.-]/.test(parts[0]))
    return fault(vendorNotValid(parts[0]), 'INVALID_SERVICE_IN_ACTION', DETAILS.serviceInAction(parts[0]));
  return undefined;
}

/**
 * A condition key needs a vendor too: IAM's message names "Actions/Conditions"
 * (reference_policies_condition-keys.html: every key is `prefix:name`). Keys may hold further
 * colons in tag names (`aws:RequestTag/a:b`), so only the missing vendor is refused.
 */
export function conditionKeyFault(key: string): ElementFault | undefined {
  return key.includes(':')
    ? undefined
    : fault(ACTION_NEEDS_VENDOR, 'INVALID_CONDITION_KEY_FORMAT', DETAILS.conditionKeyFormat);
}

/**
 * A Resource or NotResource entry (reference_policies_elements_resource.html, reference-arns.html),
 * in the order moto checks (its order follows AWS's answers): ARN form, partition of the account,
 * vendor, the legacy parser's field count, then IAM's own resource rules.
 * IAM does not check the literal `arn` prefix: `a:b` fails on its partition `b` (moto's test cases).
 */
export function resourceFault(resource: string, accountPartition: string): ElementFault | undefined {
  if (resource === '*') return undefined;
  if (!resource.includes(':'))
    return fault(resourceNotArn(resource), 'INVALID_ARN_PREFIX', DETAILS.arnPrefix);
  const fields = resource.split(':');
  const partition = fields[1];
  if (partition !== '*' && partition !== accountPartition) {
    const message = partitionNotValid(partition, fields.slice(2));
    return fault(
      message,
      'INVALID_PARTITION',
      DETAILS.partition(fields[2] ?? '', partition, accountPartition),
    );
  }
  if (fields.length < 3) return fault(VENDOR_NOT_QUALIFIED, 'MISSING_ARN_FIELD', DETAILS.arnFields);
  const [, , service, region = ''] = fields;
  if (service === '') return fault(LEGACY_PARSING, 'MISSING_ARN_FIELD', DETAILS.arnFields);
  if (fields.length < 6 && resource.includes('::'))
    return fault(LEGACY_PARSING, 'MISSING_ARN_FIELD', DETAILS.arnFields);
  if (service === 'iam') return iamResourceFault(resource, region, fields.slice(5).join(':'));
  return undefined;
}

/** IAM resources are global (no region) and of a known type (list_awsidentityandaccessmanagementiam.html). */
function iamResourceFault(resource: string, region: string, path: string): ElementFault | undefined {
  if (region !== '')
    return fault(iamResourceWithRegion(resource), 'ARN_REGION_NOT_ALLOWED', DETAILS.arnRegion('iam'));
  if (path === '*' || IAM_RESOURCE_PATH_PREFIXES.some((p) => path.startsWith(p))) return undefined;
  return fault(IAM_RESOURCE_PATH, 'INVALID_ARN_RESOURCE', DETAILS.arnResource);
}
