import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  accountOfArn,
  partitionOf,
  permissionsPolicy,
  roleNameProblem,
  trustPolicy,
} from './role-policies.js';

// pinpoint/latest/developerguide/permissions-ses.html (the seed)
test('the partition comes from the region: aws, aws-us-gov, aws-cn', () => {
  assert.equal(partitionOf('us-east-1'), 'aws');
  assert.equal(partitionOf('us-gov-west-1'), 'aws-us-gov');
  assert.equal(partitionOf('cn-north-1'), 'aws-cn');
  assert.equal(partitionOf('eu-west-3'), 'aws');
  assert.throws(() => partitionOf('mars-1'), { message: 'No AWS partition has the region `mars-1`' });
});

test("the permissions policy is the seed's, for this partition, region and account", () => {
  assert.deepEqual(JSON.parse(permissionsPolicy({ account: '123456789012', region: 'us-gov-west-1' })), {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PinpointUsesSESForEmailSends',
        Effect: 'Allow',
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Resource: [
          'arn:aws-us-gov:ses:us-gov-west-1:123456789012:identity/*',
          'arn:aws-us-gov:ses:us-gov-west-1:123456789012:configuration-set/*',
        ],
      },
    ],
  });
});

test("the trust policy is the seed's: pinpoint.amazonaws.com for this account only", () => {
  assert.deepEqual(JSON.parse(trustPolicy({ account: '000000000000', region: 'us-east-1' })), {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowPinpoint',
        Effect: 'Allow',
        Principal: { Service: 'pinpoint.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': '000000000000' } },
      },
    ],
  });
});

test('the account is the caller ARN’s fifth field', () => {
  assert.equal(accountOfArn('arn:aws:iam::123456789012:user/ana'), '123456789012');
  assert.equal(accountOfArn('arn:aws:sts::000000000000:assumed-role/r/s'), '000000000000');
  assert.throws(() => accountOfArn('arn:aws:iam:::user/x'));
});

test("role names follow CreateRole's RoleName rule (1-64 of [\\w+=,.@-])", () => {
  assert.equal(roleNameProblem('PinpointEmailOrchestration'), undefined);
  assert.equal(roleNameProblem(''), 'Enter a role name.');
  assert.equal(roleNameProblem('a'.repeat(65)), 'The role name must be at most 64 characters.');
  assert.equal(roleNameProblem('bad name'), 'Use letters, digits and + = , . @ _ - only.');
});
