/**
 * Simulation results in IAM's shape (API_SimulateCustomPolicy.html, API_EvaluationResult.html,
 * API_ResourceSpecificResult.html), on the seed's policies (Pinpoint developerguide/permissions-ses.html).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, SimulationInputError } from './simulate.js';
import {
  seedPermissionsPolicy as SEED_PERMISSIONS,
  seedTrustPolicy as SEED_TRUST,
} from '../../../test/fixtures/seed-policies.js';

const A = '111122223333';
const B = '444455556666';
const role = `arn:aws:iam::${A}:role/PinpointSES`;

test('SimulateCustomPolicy on the seed permissions policy: one result per action and resource', () => {
  const out = simulate({
    PolicyInputList: [SEED_PERMISSIONS(A)],
    ActionNames: ['ses:SendEmail', 'ses:SendTemplatedEmail'],
    ResourceArns: [
      `arn:aws:ses:us-east-1:${A}:identity/example.com`,
      `arn:aws:ses:us-east-1:${B}:identity/example.com`,
    ],
  });
  assert.deepEqual(
    out.EvaluationResults.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision]),
    [
      ['ses:SendEmail', `arn:aws:ses:us-east-1:${A}:identity/example.com`, 'allowed'],
      ['ses:SendEmail', `arn:aws:ses:us-east-1:${B}:identity/example.com`, 'implicitDeny'],
      ['ses:SendTemplatedEmail', `arn:aws:ses:us-east-1:${A}:identity/example.com`, 'implicitDeny'],
      ['ses:SendTemplatedEmail', `arn:aws:ses:us-east-1:${B}:identity/example.com`, 'implicitDeny'],
    ],
  );
  const first = out.EvaluationResults[0];
  // The seed document is one line: the statement starts at its `{` on line 1.
  assert.equal(first.MatchedStatements.length, 1);
  assert.equal(first.MatchedStatements[0].SourcePolicyId, 'PolicyInputList.1');
  assert.equal(first.MatchedStatements[0].StartPosition.Line, 1);
  assert.ok(first.MatchedStatements[0].EndPosition.Column > first.MatchedStatements[0].StartPosition.Column);
  assert.equal(first.ResourceSpecificResults?.length, 1);
  assert.equal(first.ResourceSpecificResults?.[0].EvalResourceDecision, 'allowed');
  assert.deepEqual(first.EvalDecisionDetails, {}, 'same account with a resource ARN: present but empty');
  assert.deepEqual(out.EvaluationResults[1].MatchedStatements, [], 'an implicit deny matches no statement');
});

test('MissingContextValues sit on the result for `*` and under ResourceSpecificResults otherwise', () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: '*',
        Condition: { StringEquals: { 'ses:FromAddress': 'a@example.com' } },
      },
    ],
  });
  const star = simulate({ PolicyInputList: [policy], ActionNames: ['ses:SendEmail'] });
  assert.equal(star.EvaluationResults[0].EvalResourceName, '*');
  assert.deepEqual(star.EvaluationResults[0].MissingContextValues, ['ses:FromAddress']);
  assert.equal(star.EvaluationResults[0].ResourceSpecificResults, undefined);
  const listed = simulate({
    PolicyInputList: [policy],
    ActionNames: ['ses:SendEmail'],
    ResourceArns: ['arn:aws:ses:us-east-1:1:identity/x'],
  });
  assert.deepEqual(listed.EvaluationResults[0].MissingContextValues, []);
  assert.deepEqual(listed.EvaluationResults[0].ResourceSpecificResults?.[0].MissingContextValues, [
    'ses:FromAddress',
  ]);
  const given = simulate({
    PolicyInputList: [policy],
    ActionNames: ['ses:SendEmail'],
    ContextEntries: [
      { ContextKeyName: 'ses:FromAddress', ContextKeyValues: ['a@example.com'], ContextKeyType: 'string' },
    ],
  });
  assert.equal(given.EvaluationResults[0].EvalDecision, 'allowed');
  assert.deepEqual(given.EvaluationResults[0].MissingContextValues, []);
});

test('the seed trust policy as ResourcePolicy with pinpoint.amazonaws.com as the caller', () => {
  const base = {
    ResourcePolicy: SEED_TRUST(A),
    ResourcePolicyRequired: true,
    ResourceOwner: `arn:aws:iam::${A}:root`,
    CallerArn: 'pinpoint.amazonaws.com',
    ActionNames: ['sts:AssumeRole'],
    ResourceArns: [role],
  };
  const ok = simulate({
    ...base,
    ContextEntries: [
      { ContextKeyName: 'aws:SourceAccount', ContextKeyValues: [A], ContextKeyType: 'string' },
    ],
  });
  assert.equal(ok.EvaluationResults[0].EvalDecision, 'allowed');
  assert.equal(ok.EvaluationResults[0].MatchedStatements[0].SourcePolicyId, 'ResourcePolicy');
  assert.equal(ok.EvaluationResults[0].MatchedStatements[0].SourcePolicyType, 'resource');
  const other = simulate({
    ...base,
    ContextEntries: [
      { ContextKeyName: 'aws:SourceAccount', ContextKeyValues: [B], ContextKeyType: 'string' },
    ],
  });
  assert.equal(other.EvaluationResults[0].EvalDecision, 'implicitDeny');
});

test('permissions boundary and organizations details are reported when those policies are given', () => {
  const out = simulate({
    PolicyInputList: [SEED_PERMISSIONS(A)],
    PermissionsBoundaryPolicyInputList: [
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'ses:SendRawEmail', Resource: '*' }],
      }),
    ],
    ServiceControlPolicyInputList: [
      [
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        }),
      ],
    ],
    ActionNames: ['ses:SendEmail', 'ses:SendRawEmail'],
    ResourceArns: [`arn:aws:ses:us-east-1:${A}:identity/example.com`],
  });
  const [send, raw] = out.EvaluationResults;
  assert.equal(send.EvalDecision, 'implicitDeny');
  assert.deepEqual(send.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
  assert.deepEqual(send.OrganizationsDecisionDetail, { AllowedByOrganizations: true });
  assert.equal(raw.EvalDecision, 'allowed');
  assert.deepEqual(raw.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });
});

test('cross-account simulations report each side in EvalDecisionDetails', () => {
  const out = simulate({
    PolicyInputList: [
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' }],
      }),
    ],
    ResourcePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${B}:root` },
          Action: 'ses:SendEmail',
          Resource: '*',
        },
      ],
    }),
    ResourceOwner: `arn:aws:iam::${A}:root`,
    CallerArn: `arn:aws:iam::${B}:user/bob`,
    ActionNames: ['ses:SendEmail'],
    ResourceArns: [`arn:aws:ses:us-east-1:${A}:identity/example.com`],
  });
  assert.equal(out.EvaluationResults[0].EvalDecision, 'allowed');
  assert.deepEqual(out.EvaluationResults[0].EvalDecisionDetails, {
    'IAM Policy': 'allowed',
    'Resource Policy': 'allowed',
  });
});

test('malformed input gets AWS errors and no results', () => {
  assert.throws(
    () =>
      simulate({
        PolicyInputList: ['{"Version": "2012-10-17", "Statement": ['],
        ActionNames: ['ses:SendEmail'],
      }),
    (e: unknown) =>
      e instanceof SimulationInputError &&
      e.code === 'MalformedPolicyDocument' &&
      e.message === 'Syntax errors in policy.',
  );
  assert.throws(
    () =>
      simulate({
        PolicyInputList: [SEED_PERMISSIONS(A)],
        ResourcePolicy: SEED_TRUST(A),
        ActionNames: ['ses:SendEmail'],
      }),
    (e: unknown) => e instanceof SimulationInputError && e.code === 'InvalidInput',
  );
  assert.throws(
    () => simulate({ PolicyInputList: [SEED_PERMISSIONS(A)], ActionNames: [] }),
    (e: unknown) => e instanceof SimulationInputError && e.code === 'InvalidInput',
  );
});
