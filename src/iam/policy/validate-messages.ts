/**
 * IAM's MalformedPolicyDocument and LimitExceeded message texts, exactly as IAM sends them.
 * Each text is cited where it was found: AWS documentation when it quotes the text, otherwise
 * real responses that users pasted into issues (repository named), otherwise the text moto
 * (getmoto/moto, moto/iam/policy_validation.py) returns, which its authors took from AWS.
 */

/** Grammar violations (reference_policies_grammar.html). Seen from CreatePolicy in boto/boto3#180, 99designs/iamy#74, aws-cloudformation/cfn-lint#3751 (condition without operator). */
export const SYNTAX_ERRORS = 'Syntax errors in policy.';

/**
 * A trust policy that is not JSON at all (CreateRole, UpdateAssumeRolePolicy). Seen in
 * AWSCookbook/Security#2 and aws-samples/aws-microservices-deploy-options#118 (CreateRole), and
 * localstack/localstack#8453 (AWS-validated snapshot, trailing comma in a trust policy).
 */
export const INVALID_JSON = 'This policy contains invalid Json';

/**
 * IAM's older parser refused the document: an Effect in the wrong case ("allow", seen in
 * hashicorp/terraform#10057), an unparsable Date condition value, a malformed resource (moto).
 */
export const LEGACY_PARSING = 'The policy failed legacy parsing';

/** CreatePolicy / CreatePolicyVersion with Version absent or 2008-10-17 (moto; access_policies_managed-versioning.html). */
export const VERSION_TOO_OLD = 'Policy document must be version 2012-10-17 or greater.';

/** Principal or NotPrincipal in an identity policy (hashicorp/terraform-provider-aws#10419, hashicorp/terraform#13449). */
export const PRINCIPAL_NOT_ALLOWED = 'Policy document should not specify a principal.';

/** Resource or NotResource in a role trust policy (moto; access-analyzer-reference-policy-checks.html "Role trust policy syntax error resource"). */
export const RESOURCE_PROHIBITED = 'Has prohibited field Resource.';

/**
 * A statement without Principal in a policy that needs one. The text is S3's answer to a bucket
 * policy without Principal (humanmade/S3-Uploads#191, jschneier/django-storages#876); no report of
 * IAM's own text for a trust policy was found, so Pinpost sends the same.
 */
export const PRINCIPAL_MISSING = 'Missing required field Principal';

/** moto; garnaat/kappa#111 shows the sibling message from CreatePolicy. */
export const ACTIONS_MISSING = 'Policy statement must contain actions.';
export const RESOURCES_MISSING = 'Policy statement must contain resources.';
export const ACTION_NEEDS_VENDOR =
  'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
/** garnaat/kappa#111 (CreatePolicy). */
export const ACTION_ONE_COLON = 'Actions/Condition can contain only one colon.';
export const SIDS_NOT_UNIQUE = 'Statement IDs (SID) in a single policy must be unique.';
/** CloudTrail errorMessage of CreatePolicy quoted in a public audit table (2021). */
export const SID_NOT_ALPHANUMERIC =
  'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*';

/** Two spaces before "and": that is how IAM sends it (moto reproduces it byte for byte). */
export const TRUST_ACTIONS =
  'Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity';

/** Resource without any colon. Seen from CreatePolicy in ministryofjustice/modernisation-platform-environments#590. */
export function resourceNotArn(resource: string): string {
  return `Resource ${resource} must be in ARN format or "*".`;
}

/**
 * A resource whose partition is not the account's. IAM rebuilds the ARN from what it could split,
 * filling missing fields with `*` (moto; seen from PutRolePolicy in aws-cn:
 * `Partition "aws" is not valid for resource "arn:aws:s3:::artisan-packer-image-s3".`).
 */
export function partitionNotValid(partition: string, afterPartition: readonly string[]): string {
  // `a:b` has nothing after its partition: IAM then splits one empty field.
  const fields = afterPartition.length > 0 ? afterPartition : [''];
  const [service, region, account, ...rest] = fields;
  const f1 = service !== '' || fields.length > 1 ? service : '*';
  const f2 = fields.length > 1 ? region : '*';
  const f3 = fields.length > 2 ? account : '*';
  const f4 = fields.length > 3 ? rest.join(':') : '*';
  return `Partition "${partition}" is not valid for resource "arn:${partition}:${f1}:${f2}:${f3}:${f4}".`;
}

/** `arn:aws` with no service field (moto). */
export const VENDOR_NOT_QUALIFIED = 'Resource vendor must be fully qualified and cannot contain regexes.';

/** IAM resource with a region (cloud-gov/terraform-provision#1838, 2025; moto). */
export function iamResourceWithRegion(resource: string): string {
  return `IAM resource ${resource} cannot contain region information.`;
}

/** moto; the list is IAM's resource types (list_awsidentityandaccessmanagementiam.html). */
export const IAM_RESOURCE_PATH_PREFIXES = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
] as const;
export const IAM_RESOURCE_PATH = `IAM resource path must either be "*" or start with ${IAM_RESOURCE_PATH_PREFIXES.join(', ')}.`;

/** Action vendor with characters outside [a-zA-Z0-9-.] (moto). */
export function vendorNotValid(vendor: string): string {
  return `Vendor ${vendor} is not valid`;
}

/**
 * A principal IAM cannot resolve: malformed, or naming a user/role that does not exist. The key is
 * upper-cased for SERVICE and kept as `AWS` for AWS principals, as IAM sends it
 * (databrickslabs/ucx#2269, hashicorp/terraform-provider-aws#8905 for AWS; aws-cdk and CloudFormation
 * logs quoting `"SERVICE":"nope.amazonaws.com"` and `"SERVICE":"eks.amazonaws.com.cn"` for Service).
 */
export function invalidPrincipal(type: string, value: string): string {
  const key = type === 'AWS' ? 'AWS' : type.toUpperCase();
  return `Invalid principal in policy: "${key}":"${value}"`;
}

/**
 * Organizations' answer to an SCP/RCP that breaks its type's rules
 * (org-formation/org-formation-cli#225, MalformedPolicyDocumentException from UpdatePolicy).
 */
export const ORGANIZATIONS_POLICY_TYPE =
  'The provided policy document does not meet the requirements of the specified policy type.';
