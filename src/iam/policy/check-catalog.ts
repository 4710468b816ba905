/**
 * The Access Analyzer checks that report a fault IAM itself refuses (and the few warnings beside
 * them) in Access Analyzer's terms: issue code, finding type, findingDetails and the anchor of the
 * check in access-analyzer-reference-policy-checks.html. Each findingDetails is that page's
 * "programmatic calls" text with its `{{placeholders}}` filled; each issue code is the check's
 * anchor without its type prefix, upper-cased (the page's own EMPTY_SID_VALUE,
 * MISMATCHED_ACTION_FOR_PRINCIPAL … follow that rule, awscli examples/accessanalyzer/validate-policy.rst).
 * The advice-only checks lint.ts runs are in lint-findings.ts.
 */
import type { FindingType } from './lint-findings.js';

export interface CheckIssue {
  issueCode: CheckCode;
  findingType: FindingType;
  findingDetails: string;
  learnMoreLink: string;
}

const USER_GUIDE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide';

const CHECKS = {
  JSON_SYNTAX_ERROR: ['ERROR', 'error-json-syntax-error'],
  DATA_TYPE_MISMATCH: ['ERROR', 'error-data-type-mismatch'],
  INVALID_POLICY_ELEMENT: ['ERROR', 'error-invalid-policy-element'],
  INVALID_VERSION: ['ERROR', 'error-invalid-version'],
  MISSING_STATEMENT: ['ERROR', 'error-missing-statement'],
  UNSUPPORTED_ELEMENT_COMBINATION: ['ERROR', 'error-unsupported-element-combination'],
  MISSING_EFFECT: ['ERROR', 'error-missing-effect'],
  INVALID_EFFECT: ['ERROR', 'error-invalid-effect'],
  INVALID_PRINCIPAL_FORMAT: ['ERROR', 'error-invalid-principal-format'],
  INVALID_PRINCIPAL_KEY: ['ERROR', 'error-invalid-principal-key'],
  INVALID_CONDITION_OPERATOR: ['ERROR', 'error-invalid-condition-operator'],
  INVALID_CONDITION_KEY_FORMAT: ['ERROR', 'error-invalid-condition-key-format'],
  UNSUPPORTED_SID: ['ERROR', 'error-unsupported-sid'],
  UNIQUE_SIDS_REQUIRED: ['ERROR', 'error-unique-sids-required'],
  ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: ['ERROR', 'error-role-trust-policy-syntax-error-resource'],
  UNSUPPORTED_PRINCIPAL: ['ERROR', 'error-unsupported-principal'],
  SCP_SYNTAX_ERROR_PRINCIPAL: ['ERROR', 'error-scp-syntax-error-principal'],
  MISSING_ACTION: ['ERROR', 'error-missing-action'],
  MISSING_RESOURCE: ['ERROR', 'error-missing-resource'],
  MISSING_PRINCIPAL: ['ERROR', 'error-missing-principal'],
  INVALID_ARN_PREFIX: ['ERROR', 'error-invalid-arn-prefix'],
  INVALID_PARTITION: ['ERROR', 'error-invalid-partition'],
  MISSING_ARN_FIELD: ['ERROR', 'error-missing-arn-field'],
  ARN_REGION_NOT_ALLOWED: ['ERROR', 'error-arn-region-not-allowed'],
  INVALID_ARN_RESOURCE: ['ERROR', 'error-invalid-arn-resource'],
  INVALID_ACTION: ['ERROR', 'error-invalid-action'],
  INVALID_SERVICE_IN_ACTION: ['ERROR', 'error-invalid-service-in-action'],
  UNSUPPORTED_ACTION_IN_POLICY: ['ERROR', 'error-unsupported-action-in-policy'],
  INVALID_SERVICE_PRINCIPAL_FORMAT: ['ERROR', 'error-invalid-service-principal-format'],
  INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY: [
    'ERROR',
    'error-invalid-federated-principal-syntax-in-role-trust-policy',
  ],
  POLICY_SIZE_EXCEEDS_SCP_QUOTA: ['ERROR', 'error-policy-size-exceeds-scp-quota'],
  TYPE_MISMATCH_DATE: ['WARNING', 'general-warning-type-mismatch-date'],
  POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: [
    'WARNING',
    'general-warning-policy-size-exceeds-identity-policy-quota',
  ],
  POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: [
    'WARNING',
    'general-warning-policy-size-exceeds-role-trust-policy-quota',
  ],
} as const satisfies Record<string, readonly [FindingType, string]>;

export type CheckCode = keyof typeof CHECKS;

/** The check's finding with its findingDetails (the page's text, placeholders filled in). */
export function checkIssue(issueCode: CheckCode, findingDetails: string): CheckIssue {
  const [findingType, anchor] = CHECKS[issueCode];
  return {
    issueCode,
    findingType,
    findingDetails,
    learnMoreLink: `${USER_GUIDE}/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-${anchor}`,
  };
}

/** The page's findingDetails templates, by check. */
export const DETAILS = {
  jsonSyntax: (index: number, line: number, column: number) =>
    `Fix the JSON syntax error at index ${index} line ${line} column ${column}.`,
  dataType: (type: string) => `The text does not match the expected JSON data type ${type}.`,
  element: (name: string) => `The policy element ${name} is not valid.`,
  version: (version: string) =>
    `The version ${version} is not valid. Use one of the following versions: 2012-10-17, 2008-10-17`,
  missingStatement: 'Add a statement to the policy',
  combination: (a: string, b: string) =>
    `The policy elements ${a} and ${b} can not be used in the same statement. Remove one of these elements.`,
  missingEffect: 'Add an Effect element to the policy statement with a value of Allow or Deny.',
  effect: (effect: string) => `The effect ${effect} is not valid. Use Allow or Deny.`,
  principalFormat:
    'The Principal element contents are not valid. Specify a key-value pair in the Principal element.',
  principalKey: (key: string) => `The principal key ${key} is not valid.`,
  operator: (operator: string) =>
    `The condition operator ${operator} is not valid. Use a valid condition operator.`,
  conditionKeyFormat: 'The condition key format is not valid. Use the format service:keyname.',
  uniqueSids: 'Duplicate statement IDs are not supported for this policy type. Update the Sid value.',
  trustResource:
    'Role trust policies apply to the role that they are attached to. You cannot specify a resource. Remove the Resource or NotResource element.',
  sid: 'Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]',
  principalUnsupported: (policyType: string) =>
    `The policy type ${policyType} does not support the Principal element. Remove the Principal element.`,
  scpPrincipal: 'SCPs do not support specifying principals. Remove the Principal or NotPrincipal element.',
  missingAction: 'Add an Action or NotAction element to the policy statement.',
  missingResource: 'Add a Resource or NotResource element to the policy statement.',
  missingPrincipal: 'Add a Principal element to the policy statement.',
  arnPrefix: 'Add the required prefix (arn) to the resource ARN.',
  partition: (service: string, partition: string, supported: string) =>
    `The resource ARN for the service ${service} does not support the partition ${partition}. Use the supported values: ${supported}`,
  arnFields:
    'Resource ARNs must include at least 6 fields in the following structure: arn:partition:service:region:account:resource',
  arnRegion: (service: string) =>
    `The service ${service} does not support specifying a Region in the resource ARN.`,
  arnResource: 'Resource ARN does not match the expected ARN format. Update the resource portion of the ARN.',
  action: (action: string) => `The action ${action} does not exist.`,
  serviceInAction: (service: string) => `The service ${service} specified in the action does not exist.`,
  unsupportedAction: (action: string, resourceType: string) =>
    `The action ${action} is not supported for the resource-based policy attached to the resource type ${resourceType}.`,
  servicePrincipal:
    'The service principal does not match the expected format. Use the format service-name.amazonaws.com.',
  federatedPrincipal:
    'The principal value specifies a federated principal that does not match the expected format. Update the federated principal to a domain name or a SAML metadata ARN.',
  date: 'The date condition operator is used with an invalid value. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format.',
  identitySize: (size: number, quota: number) =>
    `The ${size} characters in the identity policy, excluding whitespace, exceed the ${quota} character maximum for inline and managed policies. We recommend that you use multiple granular policies.`,
  trustSize:
    'The characters in the role trust policy, excluding whitespace, exceed the character maximum. We recommend that you request a role trust policy length quota increase using Service Quotas and AWS Support Center. If the quotas have already been increased, then you can ignore this warning.',
  scpSize: (size: number, quota: number) =>
    `The ${size} characters in the service control policy (SCP) exceed the ${quota} character maximum for SCPs. We recommend that you use multiple granular policies.`,
};
