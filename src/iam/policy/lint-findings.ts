/**
 * The findings lint.ts can report, in IAM Access Analyzer's terms (API_ValidatePolicyFinding.html):
 * issue code, finding type, findingDetails text and the anchor of its entry in
 * access-analyzer-reference-policy-checks.html, each copied from that page's "programmatic calls"
 * text. The two ALLOW_WITH_NOT_* codes are Pinpost's own (Access Analyzer has no such check);
 * their wording is the warning of reference_policies_elements_notaction.html / _notresource.html.
 */

export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

export interface FindingSpec {
  findingType: FindingType;
  findingDetails: string;
  learnMoreLink: string;
}

const USER_GUIDE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide';
const checks = (anchor: string) =>
  `${USER_GUIDE}/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-${anchor}`;

export const FINDINGS = {
  RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL: {
    findingType: 'SECURITY_WARNING',
    findingDetails:
      'Granting access to a service principal without specifying a source is overly permissive. Use aws:SourceArn or aws:SourceAccount condition key and scope access to a specific source to grant fine-grained access.',
    learnMoreLink: checks('security-warning-restrict-access-to-service-principal'),
  },
  PASS_ROLE_WITH_STAR_IN_RESOURCE: {
    findingType: 'SECURITY_WARNING',
    findingDetails:
      'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
    learnMoreLink: checks('security-warning-pass-role-with-star-in-resource'),
  },
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: {
    findingType: 'SECURITY_WARNING',
    findingDetails:
      'Using wildcards (*) in the action and the resource can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
    learnMoreLink: checks('security-warning-pass-role-with-star-in-action-and-resource'),
  },
  PASS_ROLE_WITH_NOT_RESOURCE: {
    findingType: 'SECURITY_WARNING',
    findingDetails:
      'Using the iam:PassRole action with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.',
    learnMoreLink: checks('security-warning-pass-role-with-not-resource'),
  },
  ALLOW_WITH_NOT_PRINCIPAL: {
    findingType: 'SECURITY_WARNING',
    findingDetails:
      'Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.',
    learnMoreLink: checks('security-warning-allow-with-not-principal'),
  },
  ALLOW_WITH_NOT_ACTION: {
    findingType: 'SECURITY_WARNING',
    findingDetails:
      'NotAction with "Effect": "Allow" matches all services and actions that are not explicitly listed or applicable to the specified resource, and could result in granting more permissions than you intended.',
    learnMoreLink: `${USER_GUIDE}/reference_policies_elements_notaction.html`,
  },
  ALLOW_WITH_NOT_RESOURCE: {
    findingType: 'SECURITY_WARNING',
    findingDetails:
      'NotResource with "Effect": "Allow" allows all services and resources that are not explicitly listed, and could result in granting more permissions than you intended.',
    learnMoreLink: `${USER_GUIDE}/reference_policies_elements_notresource.html`,
  },
  ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: {
    findingType: 'ERROR',
    findingDetails:
      'Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead.',
    learnMoreLink: checks('error-role-trust-policy-syntax-error-notprincipal'),
  },
  ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL: {
    findingType: 'ERROR',
    findingDetails:
      '"Principal:" "*" is not supported in the principal element of a role trust policy. Replace the wildcard with a valid principal value.',
    learnMoreLink: checks('error-role-trust-policy-unsupported-wildcard-in-principal'),
  },
  ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: {
    findingType: 'ERROR',
    findingDetails:
      'Role trust policies apply to the role that they are attached to. You cannot specify a resource. Remove the Resource or NotResource element.',
    learnMoreLink: checks('error-role-trust-policy-syntax-error-resource'),
  },
  UNIQUE_SIDS_REQUIRED: {
    findingType: 'ERROR',
    findingDetails: 'Duplicate statement IDs are not supported for this policy type. Update the Sid value.',
    learnMoreLink: checks('error-unique-sids-required'),
  },
  UNIQUE_SIDS_RECOMMENDED: {
    findingType: 'WARNING',
    findingDetails:
      'We recommend that you use statement IDs that are unique to your policy. Update the Sid value.',
    learnMoreLink: checks('general-warning-unique-sids-recommended'),
  },
  MISSING_VERSION: {
    findingType: 'WARNING',
    findingDetails:
      'We recommend that you specify the Version element to help you with debugging permission issues.',
    learnMoreLink: checks('general-warning-missing-version'),
  },
  WILDCARD_WITHOUT_LIKE_OPERATOR: {
    findingType: 'WARNING',
    findingDetails:
      'Your condition value includes a * or ? character. If you meant to use a wildcard (*, ?), update the condition operator to include Like.',
    learnMoreLink: checks('general-warning-wildcard-without-like-operator'),
  },
  EMPTY_ARRAY_ACTION: {
    findingType: 'SUGGESTION',
    findingDetails: 'This statement includes no actions and does not affect the policy. Specify actions.',
    learnMoreLink: checks('suggestion-empty-array-action'),
  },
  EMPTY_ARRAY_RESOURCE: {
    findingType: 'SUGGESTION',
    findingDetails: 'This statement includes no resources and does not affect the policy. Specify resources.',
    learnMoreLink: checks('suggestion-empty-array-resource'),
  },
  EMPTY_OBJECT_CONDITION: {
    findingType: 'SUGGESTION',
    findingDetails: 'This condition block is empty and it does not affect the policy. Specify conditions.',
    learnMoreLink: checks('suggestion-empty-object-condition'),
  },
  EMPTY_SID_VALUE: {
    findingType: 'SUGGESTION',
    findingDetails: 'Add a value to the empty string in the Sid element.',
    learnMoreLink: checks('suggestion-empty-sid-value'),
  },
} satisfies Record<string, FindingSpec>;

export type IssueCode = keyof typeof FINDINGS;
