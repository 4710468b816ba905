import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AWS_MANAGED_POLICIES, awsManagedPolicyArn, findAwsManagedPolicy } from './aws-managed-policies.js';
import { UNIQUE_ID_PATTERN } from './ids.js';

test('AdministratorAccess is readable at its AWS ARN with v1 allowing everything (AdministratorAccess.html)', () => {
  const p = findAwsManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess');
  assert.ok(p);
  assert.equal(p.PolicyId, 'ANPAIWMBCKSKIEE64ZLYK');
  assert.equal(p.DefaultVersionId, 'v1');
  assert.deepEqual(JSON.parse(p.Document), {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  });
});

test('the SES and IAM managed policies users expect are present', () => {
  const names = AWS_MANAGED_POLICIES.map((p) => p.PolicyName).sort();
  assert.deepEqual(names, [
    'AdministratorAccess',
    'AmazonSESFullAccess',
    'AmazonSESReadOnlyAccess',
    'IAMFullAccess',
    'IAMReadOnlyAccess',
    'PowerUserAccess',
  ]);
  assert.deepEqual(
    JSON.parse(findAwsManagedPolicy('arn:aws:iam::aws:policy/AmazonSESFullAccess')!.Document),
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['ses:*'], Resource: '*' }],
    },
  );
});

test('every AWS managed policy has a well-formed id, version, ARN and parseable 2012-10-17 document', () => {
  for (const p of AWS_MANAGED_POLICIES) {
    assert.match(p.PolicyId, UNIQUE_ID_PATTERN);
    assert.match(p.DefaultVersionId, /^v[1-9][0-9]*$/);
    assert.equal(awsManagedPolicyArn(p), `arn:aws:iam::aws:policy/${p.PolicyName}`);
    assert.equal((JSON.parse(p.Document) as { Version: string }).Version, '2012-10-17');
    assert.ok(p.UpdateDate >= p.CreateDate);
  }
});

test('an unknown AWS managed ARN is not found', () => {
  assert.equal(findAwsManagedPolicy('arn:aws:iam::aws:policy/NoSuchPolicy'), undefined);
});
