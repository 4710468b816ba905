import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED_PERMISSIONS_POLICY, SEED_TRUST_POLICY } from './seed-policies.test-fixture.js';
import type { PolicyType } from './types.js';
import {
  limitExceededMessage,
  policySize,
  principalArnsOf,
  sessionPolicyTooLong,
  validatePolicy,
  type ValidateOptions,
} from './validate.js';
import * as msg from './validate-messages.js';

const IAM = 'docs.aws.amazon.com/IAM/latest/UserGuide';

function doc(statements: object | object[], version: string | null = '2012-10-17'): string {
  return JSON.stringify(
    version === null ? { Statement: statements } : { Version: version, Statement: statements },
  );
}
const allowS3 = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const trustStmt = {
  Effect: 'Allow',
  Principal: { Service: 'pinpoint.amazonaws.com' },
  Action: 'sts:AssumeRole',
};

// ---- accepted --------------------------------------------------------------------------------

const accepted: { name: string; text: string; type: PolicyType; options?: ValidateOptions }[] = [
  {
    name: 'seed permissions policy as a role inline policy (pinpoint permissions-ses.html)',
    text: SEED_PERMISSIONS_POLICY,
    type: 'identity',
    options: { inlineOwner: 'role' },
  },
  {
    name: 'seed permissions policy as a managed policy (permissions-ses.html)',
    text: SEED_PERMISSIONS_POLICY,
    type: 'managed',
  },
  {
    name: 'seed permissions policy as a permissions boundary',
    text: SEED_PERMISSIONS_POLICY,
    type: 'boundary',
  },
  { name: 'seed trust policy (permissions-ses.html)', text: SEED_TRUST_POLICY, type: 'trust' },
  {
    name: 'inline policy with Version 2008-10-17 (reference_policies_elements_version.html)',
    text: doc(allowS3, '2008-10-17'),
    type: 'identity',
  },
  {
    name: 'inline policy without Version (reference_policies_elements_version.html)',
    text: doc(allowS3, null),
    type: 'identity',
  },
  {
    name: 'Deny with NotAction and NotResource (reference_policies_elements_notaction.html)',
    text: doc({ Effect: 'Deny', NotAction: 'iam:*', NotResource: '*' }),
    type: 'managed',
  },
  {
    name: 'aws-cn resource in an aws-cn account (reference-arns.html)',
    text: doc({ ...allowS3, Resource: 'arn:aws-cn:s3:::b/*' }),
    type: 'identity',
    options: { partition: 'aws-cn' },
  },
  {
    name: 'wildcard partition (reference_policies_elements_resource.html)',
    text: doc({ ...allowS3, Resource: 'arn:*:s3:::b/*' }),
    type: 'identity',
  },
  {
    name: 'IAM role resource (list_awsidentityandaccessmanagementiam.html)',
    text: doc({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: 'arn:aws:iam::111122223333:role/PinpointSES',
    }),
    type: 'identity',
  },
  {
    name: 'trust policy with sts:TagSession (id_session-tags.html)',
    text: doc({ ...trustStmt, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
    type: 'trust',
  },
  {
    name: 'trust policy for an account root and a role (reference_policies_elements_principal.html)',
    text: doc({
      ...trustStmt,
      Principal: {
        AWS: ['111122223333', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/R'],
      },
    }),
    type: 'trust',
  },
  {
    name: 'trust policy for a SAML provider (id_roles_create_for-idp_saml.html)',
    text: doc({
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' },
      Action: 'sts:AssumeRoleWithSAML',
    }),
    type: 'trust',
  },
  {
    name: 'resource policy with Principal',
    text: doc({ ...allowS3, Principal: { AWS: '111122223333' } }),
    type: 'resource',
  },
  {
    name: 'session policy without Principal (access_policies.html#policies_session)',
    text: doc(allowS3),
    type: 'session',
  },
];
for (const c of accepted) {
  test(`valid: ${c.name}`, () => {
    const r = validatePolicy(c.text, c.type, c.options);
    assert.deepEqual(r.valid ? 'valid' : r, 'valid');
  });
}

// ---- refused with MalformedPolicyDocument ----------------------------------------------------------

const refused: {
  name: string;
  text: string;
  type: PolicyType;
  message: string;
  options?: ValidateOptions;
}[] = [
  // JSON and grammar (reference_policies_grammar.html)
  {
    name: 'trailing comma in a managed policy (aws-samples/amazon-ecs-firelens-examples#50)',
    text: '{"Version":"2012-10-17","Statement":[],}',
    type: 'managed',
    message: msg.SYNTAX_ERRORS,
  },
  {
    name: 'trailing comma in a trust policy (localstack#8453, AWS-validated)',
    text: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",}]}',
    type: 'trust',
    message: msg.INVALID_JSON,
  },
  {
    name: 'a file name instead of a trust policy (AWSCookbook/Security#2)',
    text: 'assume-role-policy.json',
    type: 'trust',
    message: msg.INVALID_JSON,
  },
  {
    name: 'JSON null as a managed policy (99designs/iamy#74)',
    text: 'null',
    type: 'managed',
    message: msg.SYNTAX_ERRORS,
  },
  {
    name: 'unknown condition operator (condition_operators.html)',
    text: doc({ ...allowS3, Condition: { StringEqual: { 'aws:SourceAccount': '1' } } }),
    type: 'identity',
    message: msg.SYNTAX_ERRORS,
  },
  {
    name: 'both Action and NotAction (reference_policies_grammar.html)',
    text: doc({ ...allowS3, NotAction: 's3:PutObject' }),
    type: 'identity',
    message: msg.SYNTAX_ERRORS,
  },
  {
    name: 'unknown statement field (reference_policies_grammar.html)',
    text: doc({ ...allowS3, Resources: '*' }),
    type: 'identity',
    message: msg.SYNTAX_ERRORS,
  },
  {
    name: 'invalid Effect value (reference_policies_elements_effect.html)',
    text: doc({ ...allowS3, Effect: 'Permit' }),
    type: 'identity',
    message: msg.SYNTAX_ERRORS,
  },
  // Version (access_policies_managed-versioning.html)
  {
    name: 'managed policy with Version 2008-10-17',
    text: doc(allowS3, '2008-10-17'),
    type: 'managed',
    message: msg.VERSION_TOO_OLD,
  },
  {
    name: 'managed policy without Version',
    text: doc(allowS3, null),
    type: 'managed',
    message: msg.VERSION_TOO_OLD,
  },
  {
    name: 'permissions boundary without Version',
    text: doc(allowS3, null),
    type: 'boundary',
    message: msg.VERSION_TOO_OLD,
  },
  // Legacy parser (hashicorp/terraform#10057)
  {
    name: 'Effect "allow" in lower case',
    text: doc({ ...allowS3, Effect: 'allow' }),
    type: 'managed',
    message: msg.LEGACY_PARSING,
  },
  {
    name: 'resource with "::" and too few fields (moto)',
    text: doc({ ...allowS3, Resource: 'arn:aws:s3::b' }),
    type: 'identity',
    message: msg.LEGACY_PARSING,
  },
  {
    name: 'resource with an empty service (moto)',
    text: doc({ ...allowS3, Resource: 'arn:aws::us-east-1:1:x' }),
    type: 'identity',
    message: msg.LEGACY_PARSING,
  },
  // Sid (reference_policies_elements_sid.html)
  {
    name: 'duplicate Sids',
    text: doc([
      { ...allowS3, Sid: 'A' },
      { ...allowS3, Sid: 'A' },
    ]),
    type: 'identity',
    message: msg.SIDS_NOT_UNIQUE,
  },
  {
    name: 'Sid with a hyphen',
    text: doc({ ...allowS3, Sid: 'my-sid' }),
    type: 'managed',
    message: msg.SID_NOT_ALPHANUMERIC,
  },
  // Principal in identity policies (hashicorp/terraform-provider-aws#10419)
  {
    name: 'Principal in an inline policy',
    text: doc({ ...allowS3, Principal: { AWS: '111122223333' } }),
    type: 'identity',
    message: msg.PRINCIPAL_NOT_ALLOWED,
  },
  {
    name: 'NotPrincipal in a managed policy',
    text: doc({ ...allowS3, NotPrincipal: { AWS: '111122223333' } }),
    type: 'managed',
    message: msg.PRINCIPAL_NOT_ALLOWED,
  },
  {
    name: 'Principal in a session policy',
    text: doc({ ...allowS3, Principal: '*' }),
    type: 'session',
    message: msg.PRINCIPAL_NOT_ALLOWED,
  },
  {
    name: 'Principal in an SCP (orgs_manage_policies_scps_syntax.html)',
    text: doc({ ...allowS3, Principal: '*' }),
    type: 'scp',
    message: msg.ORGANIZATIONS_POLICY_TYPE,
  },
  // Actions (reference_policies_elements_action.html)
  {
    name: 'statement without Action',
    text: doc({ Effect: 'Allow', Resource: '*' }),
    type: 'identity',
    message: msg.ACTIONS_MISSING,
  },
  {
    name: 'empty Action list',
    text: doc({ Effect: 'Allow', Action: [], Resource: '*' }),
    type: 'managed',
    message: msg.ACTIONS_MISSING,
  },
  {
    name: 'trust statement without Action',
    text: doc({ Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' } }),
    type: 'trust',
    message: msg.ACTIONS_MISSING,
  },
  {
    name: 'action without vendor',
    text: doc({ ...allowS3, Action: 'GetObject' }),
    type: 'identity',
    message: msg.ACTION_NEEDS_VENDOR,
  },
  {
    name: 'action with two colons (garnaat/kappa#111)',
    text: doc({ ...allowS3, Action: 's3:Get:Object' }),
    type: 'managed',
    message: msg.ACTION_ONE_COLON,
  },
  {
    name: 'NotAction with two colons',
    text: doc({ Effect: 'Deny', NotAction: ['s3:a:b'], Resource: '*' }),
    type: 'managed',
    message: msg.ACTION_ONE_COLON,
  },
  {
    name: 'vendor with a character IAM refuses (moto)',
    text: doc({ ...allowS3, Action: 's3_x:GetObject' }),
    type: 'identity',
    message: msg.vendorNotValid('s3_x'),
  },
  {
    name: 'condition key without vendor ("Actions/Conditions")',
    text: doc({ ...allowS3, Condition: { StringEquals: { SourceAccount: '1' } } }),
    type: 'identity',
    message: msg.ACTION_NEEDS_VENDOR,
  },
  // Resources (reference_policies_elements_resource.html, reference-arns.html)
  {
    name: 'statement without Resource',
    text: doc({ Effect: 'Allow', Action: 's3:*' }),
    type: 'identity',
    message: msg.RESOURCES_MISSING,
  },
  {
    name: 'empty Resource list',
    text: doc({ Effect: 'Allow', Action: 's3:*', Resource: [] }),
    type: 'managed',
    message: msg.RESOURCES_MISSING,
  },
  {
    name: 'bucket name instead of ARN (modernisation-platform-environments#590)',
    text: doc({ ...allowS3, Resource: 's3-bucket-ukcloud-replica' }),
    type: 'managed',
    message: 'Resource s3-bucket-ukcloud-replica must be in ARN format or "*".',
  },
  {
    name: 'aws resource in an aws-cn account (PutRolePolicy report, aws-cn)',
    text: doc({ ...allowS3, Resource: 'arn:aws:s3:::artisan-packer-image-s3' }),
    type: 'identity',
    options: { partition: 'aws-cn' },
    message: 'Partition "aws" is not valid for resource "arn:aws:s3:::artisan-packer-image-s3".',
  },
  {
    name: 'unknown partition, fields filled with * (moto test case)',
    text: doc({ ...allowS3, Resource: 'a:bsdfdsafsad' }),
    type: 'identity',
    message: 'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".',
  },
  {
    name: 'aws-gov is not a partition (reference-arns.html)',
    text: doc({ ...allowS3, Resource: 'arn:aws-gov:s3:::b' }),
    type: 'identity',
    message: 'Partition "aws-gov" is not valid for resource "arn:aws-gov:s3:::b".',
  },
  {
    name: 'ARN without a service field (moto)',
    text: doc({ ...allowS3, Resource: 'arn:aws' }),
    type: 'identity',
    message: msg.VENDOR_NOT_QUALIFIED,
  },
  {
    name: 'IAM resource with a region (cloud-gov/terraform-provision#1838)',
    text: doc({ ...allowS3, Resource: 'arn:aws:iam:us-east-1:1:role/x' }),
    type: 'identity',
    message: 'IAM resource arn:aws:iam:us-east-1:1:role/x cannot contain region information.',
  },
  {
    name: 'IAM resource of an unknown type (moto)',
    text: doc({ ...allowS3, Resource: 'arn:aws:iam::111122223333:robot/x' }),
    type: 'identity',
    message: msg.IAM_RESOURCE_PATH,
  },
  {
    name: 'NotResource is checked like Resource',
    text: doc({ Effect: 'Deny', Action: 's3:*', NotResource: 'bucket' }),
    type: 'identity',
    message: 'Resource bucket must be in ARN format or "*".',
  },
  // Trust policies (id_roles_terms-and-concepts.html "trust policy")
  {
    name: 'seed permissions policy as a trust policy',
    text: SEED_PERMISSIONS_POLICY,
    type: 'trust',
    message: msg.RESOURCE_PROHIBITED,
  },
  {
    name: 'trust statement with NotResource',
    text: doc({ ...trustStmt, NotResource: '*' }),
    type: 'trust',
    message: msg.RESOURCE_PROHIBITED,
  },
  {
    name: 'trust statement with an s3 action (moto)',
    text: doc({ ...trustStmt, Action: 's3:GetObject' }),
    type: 'trust',
    message: msg.TRUST_ACTIONS,
  },
  {
    name: 'trust statement with sts:* (moto refuses wildcards)',
    text: doc({ ...trustStmt, Action: 'sts:*' }),
    type: 'trust',
    message: msg.TRUST_ACTIONS,
  },
  {
    name: 'trust statement without Principal',
    text: doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }),
    type: 'trust',
    message: msg.PRINCIPAL_MISSING,
  },
  {
    name: 'resource policy statement without Principal (humanmade/S3-Uploads#191)',
    text: doc(allowS3),
    type: 'resource',
    message: msg.PRINCIPAL_MISSING,
  },
  {
    name: 'misspelt service principal (CloudFormation log: "SERVICE":"codepipeiine…" is well formed, so: no dot)',
    text: doc({ ...trustStmt, Principal: { Service: 'pinpoint' } }),
    type: 'trust',
    message: 'Invalid principal in policy: "SERVICE":"pinpoint"',
  },
  {
    name: 'China suffix on a service principal (terraform report, aws-cn)',
    text: doc({ ...trustStmt, Principal: { Service: 'eks.amazonaws.com.cn' } }),
    type: 'trust',
    options: { partition: 'aws-cn' },
    message: 'Invalid principal in policy: "SERVICE":"eks.amazonaws.com.cn"',
  },
  {
    name: 'IAM group as principal (reference_policies_elements_principal.html: groups are not principals)',
    text: doc({ ...trustStmt, Principal: { AWS: 'arn:aws:iam::111122223333:group/G' } }),
    type: 'trust',
    message: 'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:group/G"',
  },
  {
    name: 'account name instead of ID',
    text: doc({ ...trustStmt, Principal: { AWS: 'my-account' } }),
    type: 'trust',
    message: 'Invalid principal in policy: "AWS":"my-account"',
  },
  {
    name: 'aws principal ARN in an aws-cn account',
    text: doc({ ...trustStmt, Principal: { AWS: 'arn:aws:iam::111122223333:root' } }),
    type: 'trust',
    options: { partition: 'aws-cn' },
    message: 'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:root"',
  },
];
for (const c of refused) {
  test(`refused: ${c.name}`, () => {
    // A grammar fault also carries its location (Pinpost's own help, tested in parse-location.test.ts).
    const { location: _location, ...result } = validatePolicy(c.text, c.type, c.options) as {
      location?: unknown;
    };
    assert.deepEqual(result, {
      valid: false,
      code: 'MalformedPolicyDocument',
      message: c.message,
    });
  });
}

test('the trust actions message has two spaces before "and", as IAM sends it (moto reproduces it)', () => {
  assert.ok(msg.TRUST_ACTIONS.includes('sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity'));
});

// ---- size quotas (reference_iam-quotas.html) ----------------------------------------------------

/** A valid policy of exactly `size` non-white-space characters, padded in its Sid. */
function policyOfSize(size: number, type: PolicyType): string {
  const statement = type === 'trust' ? trustStmt : allowS3;
  const make = (sid: string) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, ...statement }] }, null, 2);
  const text = make('A'.repeat(size - policySize(make(''))));
  assert.equal(policySize(text), size);
  return text;
}

const quotas: { name: string; type: PolicyType; options?: ValidateOptions; max: number; message: string }[] =
  [
    {
      name: 'user inline 2,048 (aggregate per user)',
      type: 'identity',
      options: { inlineOwner: 'user', entityName: 'alice' },
      max: 2048,
      message: 'Maximum policy size of 2048 bytes exceeded for user alice',
    },
    {
      name: 'group inline 5,120',
      type: 'identity',
      options: { inlineOwner: 'group', entityName: 'travis-ci' },
      max: 5120,
      message: 'Maximum policy size of 5120 bytes exceeded for group travis-ci',
    },
    {
      name: 'role inline 10,240',
      type: 'identity',
      options: { inlineOwner: 'role', entityName: 'PinpointSES' },
      max: 10240,
      message: 'Maximum policy size of 10240 bytes exceeded for role PinpointSES',
    },
    {
      name: 'inline without owner is held to the role quota',
      type: 'identity',
      max: 10240,
      message: 'Maximum policy size of 10240 bytes exceeded for role',
    },
    {
      name: 'managed 6,144',
      type: 'managed',
      max: 6144,
      message: 'Cannot exceed quota for PolicySize: 6144',
    },
    {
      name: 'boundary (a managed policy) 6,144',
      type: 'boundary',
      max: 6144,
      message: 'Cannot exceed quota for PolicySize: 6144',
    },
    {
      name: 'trust 2,048 by default',
      type: 'trust',
      max: 2048,
      message: 'Cannot exceed quota for ACLSizePerRole: 2048',
    },
    {
      name: 'trust raised to 4,096',
      type: 'trust',
      options: { maxTrustPolicySize: 4096 },
      max: 4096,
      message: 'Cannot exceed quota for ACLSizePerRole: 4096',
    },
  ];
for (const q of quotas) {
  test(`${IAM}/reference_iam-quotas.html: ${q.name} — at the quota passes`, () => {
    assert.equal(validatePolicy(policyOfSize(q.max, q.type), q.type, q.options).valid, true);
  });
  test(`${IAM}/reference_iam-quotas.html: ${q.name} — one more is LimitExceeded`, () => {
    const r = validatePolicy(policyOfSize(q.max + 1, q.type), q.type, q.options);
    assert.equal(r.valid, false);
    if (r.valid) return;
    assert.equal(r.code, 'LimitExceeded');
    assert.equal(r.message, q.message);
    assert.equal(r.quota?.max, q.max);
  });
}

test('policySize does not count white space (reference_iam-quotas.html)', () => {
  assert.equal(policySize(' {\n\t"a" : "b c"\r\n} '), 10);
});

test('limitExceededMessage adds the entity name for the API layer (aws/aws-cdk#12403)', () => {
  const r = validatePolicy(policyOfSize(10241, 'identity'), 'identity', { inlineOwner: 'role' });
  assert.ok(!r.valid && r.quota);
  if (r.valid || !r.quota) return;
  assert.equal(
    limitExceededMessage(r.quota, 'MyRole'),
    'Maximum policy size of 10240 bytes exceeded for role MyRole',
  );
});

test('session policy: 2,048 characters counting white space, STS model constraint (API_AssumeRole.html)', () => {
  const at = 'x'.repeat(2048);
  assert.equal(sessionPolicyTooLong(at), undefined);
  assert.equal(
    sessionPolicyTooLong(at + ' '),
    `1 validation error detected: Value '${at} ' at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048`,
  );
});

test('size is checked before syntax: an oversized invalid document is LimitExceeded', () => {
  const r = validatePolicy('{' + 'x'.repeat(7000), 'managed');
  assert.equal(r.valid ? 'valid' : r.code, 'LimitExceeded');
});

// ---- principalArnsOf ---------------------------------------------------------------------------

test('principalArnsOf lists AWS principal ARNs once, for the API layer to check they exist (databrickslabs/ucx#2269)', () => {
  const text = doc([
    {
      ...trustStmt,
      Principal: { AWS: ['arn:aws:iam::111122223333:role/A', '111122223333'], Service: 'ec2.amazonaws.com' },
    },
    { ...trustStmt, Principal: { AWS: 'arn:aws:iam::111122223333:role/A' } },
    { ...trustStmt, Principal: { AWS: 'arn:aws:iam::444455556666:user/B' } },
  ]);
  const r = validatePolicy(text, 'trust');
  assert.ok(r.valid);
  if (!r.valid) return;
  assert.deepEqual(principalArnsOf(r.doc), [
    'arn:aws:iam::111122223333:role/A',
    'arn:aws:iam::444455556666:user/B',
  ]);
});

test('principalArnsOf is empty for the seed trust policy (service principal only)', () => {
  const r = validatePolicy(SEED_TRUST_POLICY, 'trust');
  assert.ok(r.valid);
  if (r.valid) assert.deepEqual(principalArnsOf(r.doc), []);
});
