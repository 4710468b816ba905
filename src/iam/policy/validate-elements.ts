/**
 * Checks of single Action, condition-key and Resource strings, each answering IAM's message for
 * the first fault or undefined. Used by validate.ts; no knowledge of policy types here.
 */
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
export function actionError(action: string): string | undefined {
  if (action === '*') return undefined;
  const parts = action.split(':');
  if (parts.length === 1) return ACTION_NEEDS_VENDOR;
  if (parts.length > 2) return ACTION_ONE_COLON;
  // moto: a vendor holds letters, digits, `-` and `.` only (IAM service prefixes have that form).
  if (/[^a-zA-Z0-9.-]/.test(parts[0])) return vendorNotValid(parts[0]);
  return undefined;
}

/**
 * A condition key needs a vendor too: IAM's message names "Actions/Conditions"
 * (reference_policies_condition-keys.html: every key is `prefix:name`). Keys may hold further
 * colons in tag names (`aws:RequestTag/a:b`), so only the missing vendor is refused.
 */
export function conditionKeyError(key: string): string | undefined {
  return key.includes(':') ? undefined : ACTION_NEEDS_VENDOR;
}

/**
 * A Resource or NotResource entry (reference_policies_elements_resource.html, reference-arns.html),
 * in the order moto checks (its order follows AWS's answers): ARN form, partition of the account,
 * vendor, the legacy parser's field count, then IAM's own resource rules.
 * IAM does not check the literal `arn` prefix: `a:b` fails on its partition `b` (moto's test cases).
 */
export function resourceError(resource: string, accountPartition: string): string | undefined {
  if (resource === '*') return undefined;
  if (!resource.includes(':')) return resourceNotArn(resource);
  const fields = resource.split(':');
  const partition = fields[1];
  if (partition !== '*' && partition !== accountPartition)
    return partitionNotValid(partition, fields.slice(2));
  if (fields.length < 3) return VENDOR_NOT_QUALIFIED;
  const [, , service, region = ''] = fields;
  if (service === '') return LEGACY_PARSING;
  if (fields.length < 6 && resource.includes('::')) return LEGACY_PARSING;
  if (service === 'iam') return iamResourceError(resource, region, fields.slice(5).join(':'));
  return undefined;
}

/** IAM resources are global (no region) and of a known type (list_awsidentityandaccessmanagementiam.html). */
function iamResourceError(resource: string, region: string, path: string): string | undefined {
  if (region !== '') return iamResourceWithRegion(resource);
  if (path === '*' || IAM_RESOURCE_PATH_PREFIXES.some((p) => path.startsWith(p))) return undefined;
  return IAM_RESOURCE_PATH;
}
