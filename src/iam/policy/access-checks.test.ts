/**
 * Access Analyzer's custom policy checks on AWS's own examples: the SDK's documented examples for
 * CheckAccessNotGranted and CheckNoPublicAccess (@aws-sdk/client-accessanalyzer, from the service
 * model) and awscli examples/accessanalyzer/check-no-new-access.rst.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessNotGranted, checkNoNewAccess, checkNoPublicAccess } from './access-checks.js';
import { parsePolicy } from './parse.js';
import type { PolicyDocument } from './types.js';

function doc(text: string | object): PolicyDocument {
  const r = parsePolicy(typeof text === 'string' ? text : JSON.stringify(text));
  if (!r.ok) throw new Error(r.message);
  return r.doc;
}

const johnDoe = (action: string, resource: string) =>
  doc(
    `{"Version":"2012-10-17","Id":"123","Statement":[{"Sid":"AllowJohnDoe","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/JohnDoe"},"Action":"${action}","Resource":"${resource}"}]}`,
  );

test('CheckAccessNotGranted, "Passing check. Restrictive identity policy."', () => {
  assert.deepEqual(
    checkAccessNotGranted(johnDoe('s3:GetObject', '*'), { actions: ['s3:PutObject'] }, 'RESOURCE_POLICY'),
    {
      result: 'PASS',
      message: 'The policy document does not grant access to perform the listed actions or resources.',
    },
  );
});

test('CheckAccessNotGranted, "Passing check. Restrictive S3 Bucket resource policy."', () => {
  const policy = johnDoe('s3:PutObject', 'arn:aws:s3:::non-sensitive-bucket/*');
  assert.equal(
    checkAccessNotGranted(policy, { resources: ['arn:aws:s3:::sensitive-bucket/*'] }, 'RESOURCE_POLICY')
      .result,
    'PASS',
  );
});

test('CheckAccessNotGranted, "Failing check. Permissive S3 Bucket resource policy."', () => {
  const policy = johnDoe('s3:PutObject', 'arn:aws:s3:::my-bucket/*');
  assert.deepEqual(
    checkAccessNotGranted(policy, { resources: ['arn:aws:s3:::my-bucket/*'] }, 'RESOURCE_POLICY'),
    {
      result: 'FAIL',
      message: 'The policy document grants access to perform one or more of the listed actions or resources.',
      reasons: [
        {
          description:
            'One or more of the listed actions or resources in the statement with sid: AllowJohnDoe.',
          statementId: 'AllowJohnDoe',
          statementIndex: 0,
        },
      ],
    },
  );
});

test('CheckAccessNotGranted: an unconditional Deny takes the access away; a wildcard action overlaps', () => {
  const policy = doc({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'ses:*', Resource: '*' },
      { Effect: 'Deny', Action: 'ses:SendEmail', Resource: '*' },
    ],
  });
  assert.equal(
    checkAccessNotGranted(policy, { actions: ['ses:SendEmail'] }, 'IDENTITY_POLICY').result,
    'PASS',
  );
  assert.deepEqual(
    checkAccessNotGranted(policy, { actions: ['ses:SendRawEmail'] }, 'IDENTITY_POLICY').reasons,
    [
      {
        description: 'One or more of the listed actions or resources in the statement with index: 0.',
        statementIndex: 0,
      },
    ],
  );
});

test('CheckNoPublicAccess, the SDK examples: a named user passes, Principal "*" fails', () => {
  const named = doc(
    '{"Version":"2012-10-17","Statement":[{"Sid":"Bob","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/JohnDoe"},"Action":["s3:GetObject"]}]}',
  );
  assert.deepEqual(checkNoPublicAccess(named, 'AWS::S3::Bucket'), {
    result: 'PASS',
    message: 'The resource policy does not grant public access for the given resource type.',
  });
  const star = doc(
    '{"Version":"2012-10-17","Statement":[{"Sid":"Bob","Effect":"Allow","Principal":"*","Action":["s3:GetObject"]}]}',
  );
  assert.deepEqual(checkNoPublicAccess(star, 'AWS::S3::Bucket'), {
    result: 'FAIL',
    message: 'The resource policy grants public access for the given resource type.',
    reasons: [
      {
        description: 'Public access granted in the following statement with sid: Bob.',
        statementId: 'Bob',
        statementIndex: 0,
      },
    ],
  });
});

test('CheckNoPublicAccess: an organization condition closes it; a role trusting Google sign-in without an audience is public', () => {
  const org = doc({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'sqs:SendMessage',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
      },
    ],
  });
  assert.equal(checkNoPublicAccess(org, 'AWS::SQS::Queue').result, 'PASS');
  const google = (condition?: object) =>
    doc({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'accounts.google.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: condition,
        },
      ],
    });
  assert.equal(checkNoPublicAccess(google(), 'AWS::IAM::AssumeRolePolicyDocument').result, 'FAIL');
  assert.equal(
    checkNoPublicAccess(
      google({ StringEquals: { 'accounts.google.com:aud': 'my-app' } }),
      'AWS::IAM::AssumeRolePolicyDocument',
    ).result,
    'PASS',
  );
  // The seed's trust policy names a service principal: never public (access-analyzer-concepts.html).
  const seed = doc({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  });
  assert.equal(checkNoPublicAccess(seed, 'AWS::IAM::AssumeRolePolicyDocument').result, 'PASS');
});

test('CheckNoNewAccess, awscli check-no-new-access.rst: GetObjectAcl and ListBucket added to GetObject fail at index 0', () => {
  const existing = doc({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::amzn-s3-demo-bucket', 'arn:aws:s3:::amzn-s3-demo-bucket/*'],
      },
    ],
  });
  const next = doc({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectAcl', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::amzn-s3-demo-bucket', 'arn:aws:s3:::amzn-s3-demo-bucket/*'],
      },
    ],
  });
  assert.deepEqual(checkNoNewAccess(next, existing, 'IDENTITY_POLICY'), {
    result: 'FAIL',
    message: 'The modified permissions grant new access compared to your existing policy.',
    reasons: [{ description: 'New access in the statement with index: 0.', statementIndex: 0 }],
  });
  assert.equal(
    checkNoNewAccess(existing, next, 'IDENTITY_POLICY').result,
    'PASS',
    'narrowing is no new access',
  );
});

test('CheckNoNewAccess: a condition dropped or a Deny removed is new access; the same policy is not', () => {
  const withMfa = doc({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
    ],
  });
  const withoutMfa = doc({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' },
    ],
  });
  assert.equal(checkNoNewAccess(withoutMfa, withMfa, 'RESOURCE_POLICY').result, 'FAIL');
  assert.equal(checkNoNewAccess(withMfa, withoutMfa, 'RESOURCE_POLICY').result, 'PASS');
  assert.equal(checkNoNewAccess(withMfa, withMfa, 'RESOURCE_POLICY').result, 'PASS');
  const guarded = doc({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'ses:*', Resource: '*' },
      { Effect: 'Deny', Action: 'ses:DeleteEmailIdentity', Resource: '*' },
    ],
  });
  const unguarded = doc({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'ses:*', Resource: '*' }],
  });
  assert.equal(checkNoNewAccess(unguarded, guarded, 'IDENTITY_POLICY').result, 'FAIL');
});

test('bounded work: a crafted policy of long patterns is answered cautiously, not worked through', () => {
  const long = 'arn:aws:s3:::' + '*a'.repeat(20_000) + 'c';
  const statements = Array.from({ length: 50 }, () => ({
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: long,
  }));
  const policy = doc({ Version: '2012-10-17', Statement: statements });
  const resources = Array.from({ length: 100 }, (_, i) => 'arn:aws:s3:::' + 'a'.repeat(2000) + i);
  // 50 statements × 100 resources × 40,000 × 2,000 pairs would be 400 G steps; the budget stops it
  // and the unproven overlap counts as access (the check's cautious side).
  const out = checkAccessNotGranted(policy, { resources }, 'IDENTITY_POLICY');
  assert.equal(out.result, 'FAIL');
});
