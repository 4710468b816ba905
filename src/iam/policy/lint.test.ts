import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintPolicy, type IssueCode } from './lint.js';
import { FINDINGS } from './lint-findings.js';
import { parsePolicy } from './parse.js';
import { SEED_PERMISSIONS_POLICY, SEED_TRUST_POLICY } from './seed-policies.test-fixture.js';
import type { PolicyDocument, PolicyType } from './types.js';

// Every case follows docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// (the check named by its issue code) unless its name cites another page.

function docOf(text: string): PolicyDocument {
  const r = parsePolicy(text);
  assert.ok(r.ok, text);
  return r.doc;
}
const policy = (statements: object[], version: string | null = '2012-10-17') =>
  docOf(
    JSON.stringify(
      version === null ? { Statement: statements } : { Version: version, Statement: statements },
    ),
  );
const codes = (doc: PolicyDocument, type: PolicyType): IssueCode[] =>
  lintPolicy(doc, type).map((f) => f.issueCode);

const allowS3 = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const pinpointTrust = {
  Effect: 'Allow',
  Principal: { Service: 'pinpoint.amazonaws.com' },
  Action: 'sts:AssumeRole',
};

const cases: {
  name: string;
  doc: PolicyDocument;
  type: PolicyType;
  present?: IssueCode;
  absent?: IssueCode;
}[] = [
  // Confused deputy (confused-deputy.html, pinpoint developerguide/permissions-ses.html)
  {
    name: 'service principal without a source condition',
    doc: policy([pinpointTrust]),
    type: 'trust',
    present: 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL',
  },
  {
    name: 'seed trust policy has aws:SourceAccount',
    doc: docOf(SEED_TRUST_POLICY),
    type: 'trust',
    absent: 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL',
  },
  {
    name: 'aws:SourceArn in ArnLike (key names are case-insensitive)',
    doc: policy([
      {
        ...pinpointTrust,
        Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:mobiletargeting:us-east-1:111122223333:apps/*' } },
      },
    ]),
    type: 'trust',
    absent: 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL',
  },
  {
    name: 'aws:SourceOrgID (reference_policies_condition-keys.html)',
    doc: policy([{ ...pinpointTrust, Condition: { StringEquals: { 'aws:SourceOrgID': 'o-abc' } } }]),
    type: 'resource',
    absent: 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL',
  },
  {
    name: 'only aws:Referer is not a source condition',
    doc: policy([{ ...pinpointTrust, Condition: { StringEquals: { 'aws:Referer': 'x' } } }]),
    type: 'resource',
    present: 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL',
  },
  {
    name: 'Deny for a service principal needs no source',
    doc: policy([{ ...pinpointTrust, Effect: 'Deny' }]),
    type: 'trust',
    absent: 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL',
  },
  {
    name: 'AWS principal is not a service principal',
    doc: policy([{ ...pinpointTrust, Principal: { AWS: '111122223333' } }]),
    type: 'trust',
    absent: 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL',
  },
  // iam:PassRole
  {
    name: 'iam:PassRole on *',
    doc: policy([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }]),
    type: 'identity',
    present: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
  },
  {
    name: 'iam:passrole (any case) on role/*',
    doc: policy([
      { Effect: 'Allow', Action: ['iam:passrole'], Resource: 'arn:aws:iam::111122223333:role/*' },
    ]),
    type: 'managed',
    present: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
  },
  {
    name: 'iam:PassRole on * scoped by iam:PassedToService',
    doc: policy([
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: '*',
        Condition: { StringEquals: { 'iam:PassedToService': 'pinpoint.amazonaws.com' } },
      },
    ]),
    type: 'identity',
    absent: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
  },
  {
    name: 'iam:PassRole on one role ARN',
    doc: policy([
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/PinpointSES' },
    ]),
    type: 'identity',
    absent: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
  },
  {
    name: 'iam:* on * matches iam:PassRole by wildcard',
    doc: policy([{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }]),
    type: 'identity',
    present: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE',
  },
  {
    name: 'iam:Get* on * does not match iam:PassRole',
    doc: policy([{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }]),
    type: 'identity',
    absent: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE',
  },
  {
    name: 'iam:PassRole with NotResource',
    doc: policy([{ Effect: 'Allow', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::1:role/Admin' }]),
    type: 'identity',
    present: 'PASS_ROLE_WITH_NOT_RESOURCE',
  },
  // NotPrincipal / NotAction / NotResource with Allow
  {
    name: 'Allow with NotPrincipal',
    doc: policy([{ ...allowS3, NotPrincipal: { AWS: '111122223333' } }]),
    type: 'resource',
    present: 'ALLOW_WITH_NOT_PRINCIPAL',
  },
  {
    name: 'Deny with NotPrincipal',
    doc: policy([{ ...allowS3, Effect: 'Deny', NotPrincipal: { AWS: '111122223333' } }]),
    type: 'resource',
    absent: 'ALLOW_WITH_NOT_PRINCIPAL',
  },
  {
    name: 'Allow with NotAction (reference_policies_elements_notaction.html)',
    doc: policy([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]),
    type: 'identity',
    present: 'ALLOW_WITH_NOT_ACTION',
  },
  {
    name: 'Deny with NotAction (reference_policies_elements_notaction.html)',
    doc: policy([{ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }]),
    type: 'identity',
    absent: 'ALLOW_WITH_NOT_ACTION',
  },
  {
    name: 'Allow with NotResource (reference_policies_elements_notresource.html)',
    doc: policy([{ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::HRBucket' }]),
    type: 'identity',
    present: 'ALLOW_WITH_NOT_RESOURCE',
  },
  {
    name: 'Deny with NotResource (reference_policies_elements_notresource.html)',
    doc: policy([{ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::HRBucket' }]),
    type: 'identity',
    absent: 'ALLOW_WITH_NOT_RESOURCE',
  },
  // Trust policies
  {
    name: 'NotPrincipal in a trust policy',
    doc: policy([{ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }]),
    type: 'trust',
    present: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL',
  },
  {
    name: 'Principal "*" in a trust policy',
    doc: policy([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }]),
    type: 'trust',
    present: 'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
  },
  {
    name: 'Principal "*" in a resource policy is not a trust error',
    doc: policy([{ ...allowS3, Principal: '*' }]),
    type: 'resource',
    absent: 'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
  },
  {
    name: 'Resource in a trust policy',
    doc: docOf(SEED_PERMISSIONS_POLICY),
    type: 'trust',
    present: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE',
  },
  // Sids, version, empty elements
  {
    name: 'duplicate Sids in an identity policy',
    doc: policy([
      { ...allowS3, Sid: 'A' },
      { ...allowS3, Sid: 'A' },
    ]),
    type: 'identity',
    present: 'UNIQUE_SIDS_REQUIRED',
  },
  {
    name: 'duplicate Sids in a resource policy',
    doc: policy([
      { ...allowS3, Principal: '*', Sid: 'A' },
      { ...allowS3, Principal: '*', Sid: 'A' },
    ]),
    type: 'resource',
    present: 'UNIQUE_SIDS_RECOMMENDED',
  },
  {
    name: 'distinct Sids',
    doc: policy([
      { ...allowS3, Sid: 'A' },
      { ...allowS3, Sid: 'B' },
    ]),
    type: 'identity',
    absent: 'UNIQUE_SIDS_REQUIRED',
  },
  { name: 'empty Sid', doc: policy([{ ...allowS3, Sid: '' }]), type: 'identity', present: 'EMPTY_SID_VALUE' },
  { name: 'no Version', doc: policy([allowS3], null), type: 'identity', present: 'MISSING_VERSION' },
  { name: 'Version present', doc: policy([allowS3]), type: 'identity', absent: 'MISSING_VERSION' },
  {
    name: 'empty Action array',
    doc: policy([{ ...allowS3, Action: [] }]),
    type: 'identity',
    present: 'EMPTY_ARRAY_ACTION',
  },
  {
    name: 'empty Resource array',
    doc: policy([{ ...allowS3, Resource: [] }]),
    type: 'identity',
    present: 'EMPTY_ARRAY_RESOURCE',
  },
  {
    name: 'empty Condition object',
    doc: policy([{ ...allowS3, Condition: {} }]),
    type: 'identity',
    present: 'EMPTY_OBJECT_CONDITION',
  },
  // Wildcards in literal operators
  {
    name: 'StringEquals with *',
    doc: policy([{ ...allowS3, Condition: { StringEquals: { 'aws:PrincipalTag/job': 'admin-*' } } }]),
    type: 'identity',
    present: 'WILDCARD_WITHOUT_LIKE_OPERATOR',
  },
  {
    name: 'StringLike with *',
    doc: policy([{ ...allowS3, Condition: { StringLike: { 'aws:PrincipalTag/job': 'admin-*' } } }]),
    type: 'identity',
    absent: 'WILDCARD_WITHOUT_LIKE_OPERATOR',
  },
  {
    name: 'StringEquals with a policy variable (reference_policies_variables.html)',
    doc: policy([{ ...allowS3, Condition: { StringEquals: { 's3:prefix': '${aws:username}/' } } }]),
    type: 'identity',
    absent: 'WILDCARD_WITHOUT_LIKE_OPERATOR',
  },
];

for (const c of cases) {
  if (c.present) {
    test(`${c.present} reported: ${c.name}`, () =>
      assert.ok(codes(c.doc, c.type).includes(c.present as IssueCode)));
  }
  if (c.absent) {
    test(`${c.absent} not reported: ${c.name}`, () =>
      assert.ok(!codes(c.doc, c.type).includes(c.absent as IssueCode)));
  }
}

test('seed policies raise no finding as the types they are (pinpoint permissions-ses.html)', () => {
  assert.deepEqual(codes(docOf(SEED_PERMISSIONS_POLICY), 'identity'), []);
  assert.deepEqual(codes(docOf(SEED_TRUST_POLICY), 'trust'), []);
});

test('a finding carries Access Analyzer’s type, details, link and the statement location (API_ValidatePolicyFinding.html)', () => {
  const doc = docOf(
    '{"Version":"2012-10-17","Statement":[\n  {"Sid":"Pass","Effect":"Allow","Action":"iam:PassRole","Resource":"*"}\n]}',
  );
  assert.deepEqual(lintPolicy(doc, 'identity'), [
    {
      issueCode: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
      findingType: 'SECURITY_WARNING',
      findingDetails: FINDINGS.PASS_ROLE_WITH_STAR_IN_RESOURCE.findingDetails,
      learnMoreLink:
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource',
      locations: [
        {
          statementIndex: 0,
          sid: 'Pass',
          path: [{ value: 'Statement' }, { index: 0 }, { value: 'Resource' }],
          start: { line: 2, column: 3 },
          end: { line: 2, column: 72 },
        },
      ],
    },
  ]);
});
