import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../../../src/iam/policy/simulate.js';
import { decidingPolicy, denialText, isRoleTrustRequest, kindOfStatement } from './denial-text.js';

const ACCOUNT = '000000000000';
const USER = `arn:aws:iam::${ACCOUNT}:user/editor`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/PinpointSES`;
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const CREATE_ONLY = doc({ Effect: 'Allow', Action: 'iam:CreateRole', Resource: '*' });
const ctx = { principalArn: USER, kindOf: kindOfStatement() };

test('README "IAM and STS": a user allowed only iam:CreateRole gets the server\'s own text for PutRolePolicy', () => {
  const [r] = simulate({
    PolicyInputList: [CREATE_ONLY],
    CallerArn: USER,
    ActionNames: ['iam:PutRolePolicy'],
    ResourceArns: [ROLE],
  }).EvaluationResults;
  assert.equal(r.EvalDecision, 'implicitDeny');
  assert.equal(
    denialText(r, ctx),
    `User: ${USER} is not authorized to perform: iam:PutRolePolicy on resource: ${ROLE} because no identity-based policy allows the iam:PutRolePolicy action`,
  );
});

test('an allowed result has no denial text; an action without a resource omits "on resource"', () => {
  const results = simulate({
    PolicyInputList: [CREATE_ONLY],
    CallerArn: USER,
    ActionNames: ['iam:CreateRole', 'iam:ListRoles'],
  }).EvaluationResults;
  assert.equal(denialText(results[0], ctx), undefined);
  assert.equal(
    denialText(results[1], ctx),
    `User: ${USER} is not authorized to perform: iam:ListRoles because no identity-based policy allows the iam:ListRoles action`,
  );
});

test('an explicit deny names the kind of policy whose statement denied: identity, resource', () => {
  const deny = doc(
    { Effect: 'Allow', Action: 'ses:*', Resource: '*' },
    { Effect: 'Deny', Action: 'ses:SendEmail', Resource: '*' },
  );
  const [r] = simulate({
    PolicyInputList: [deny],
    CallerArn: USER,
    ActionNames: ['ses:SendEmail'],
  }).EvaluationResults;
  assert.equal(
    denialText(r, ctx),
    `User: ${USER} is not authorized to perform: ses:SendEmail with an explicit deny in an identity-based policy`,
  );
  const resourceDeny = doc({
    Effect: 'Deny',
    Principal: { AWS: USER },
    Action: 'ses:SendEmail',
    Resource: '*',
  });
  const [rr] = simulate({
    PolicyInputList: [doc({ Effect: 'Allow', Action: 'ses:*', Resource: '*' })],
    ResourcePolicy: resourceDeny,
    CallerArn: USER,
    ActionNames: ['ses:SendEmail'],
    ResourceArns: [`arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`],
  }).EvaluationResults;
  assert.equal(rr.EvalDecision, 'explicitDeny');
  assert.match(denialText(rr, ctx) ?? '', /with an explicit deny in a resource-based policy$/);
});

test('a permissions boundary that does not allow what identity allows: "because no permissions boundary allows"', () => {
  const [r] = simulate({
    PolicyInputList: [doc({ Effect: 'Allow', Action: 'ses:*', Resource: '*' })],
    PermissionsBoundaryPolicyInputList: [CREATE_ONLY],
    CallerArn: USER,
    ActionNames: ['ses:SendEmail'],
  }).EvaluationResults;
  assert.equal(r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary, false);
  assert.equal(decidingPolicy(r, { ...ctx, identityAllowed: true }), 'boundary');
  assert.equal(
    denialText(r, { ...ctx, identityAllowed: true }),
    `User: ${USER} is not authorized to perform: ses:SendEmail because no permissions boundary allows the ses:SendEmail action`,
  );
  // Neither allows: identity is first in the evaluation flow.
  assert.equal(decidingPolicy(r, { ...ctx, identityAllowed: false }), 'identity');
  // A pasted boundary's deny is a boundary's explicit deny.
  const [d] = simulate({
    PolicyInputList: [doc({ Effect: 'Allow', Action: 'ses:*', Resource: '*' })],
    PermissionsBoundaryPolicyInputList: [doc({ Effect: 'Deny', Action: 'ses:*', Resource: '*' })],
    CallerArn: USER,
    ActionNames: ['ses:SendEmail'],
  }).EvaluationResults;
  assert.match(denialText(d, ctx) ?? '', /with an explicit deny in a permissions boundary$/);
});

test("the seed trust policy for Pinpoint of another account: STS's text, without a reason", () => {
  const trust = doc({
    Effect: 'Allow',
    Principal: { Service: 'pinpoint.amazonaws.com' },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
  });
  const [r] = simulate({
    PolicyInputList: [doc({ Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' })],
    ResourcePolicy: trust,
    ResourceOwner: `arn:aws:iam::${ACCOUNT}:root`,
    CallerArn: 'pinpoint.amazonaws.com',
    ActionNames: ['sts:AssumeRole'],
    ResourceArns: [ROLE],
    ContextEntries: [
      { ContextKeyName: 'aws:SourceAccount', ContextKeyValues: ['111111111111'], ContextKeyType: 'string' },
    ],
  }).EvaluationResults;
  assert.equal(r.EvalDecision, 'implicitDeny');
  assert.ok(isRoleTrustRequest('sts:AssumeRole', ROLE));
  // src/services/sts/errors.ts words the same refusal the same way.
  assert.equal(
    denialText(r, { principalArn: 'pinpoint.amazonaws.com', kindOf: kindOfStatement() }),
    `User: pinpoint.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
  );
});

test('across accounts AWS gives no reason', () => {
  const other = 'arn:aws:ses:us-east-1:111122223333:identity/example.com';
  const [r] = simulate({
    PolicyInputList: [doc({ Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' })],
    ResourcePolicy: doc({
      Effect: 'Allow',
      Principal: { AWS: '999999999999' },
      Action: 'ses:SendEmail',
      Resource: '*',
    }),
    ResourceOwner: 'arn:aws:iam::111122223333:root',
    CallerArn: USER,
    ActionNames: ['ses:SendEmail'],
    ResourceArns: [other],
  }).EvaluationResults;
  assert.equal(r.EvalDecision, 'implicitDeny');
  assert.equal(
    denialText(r, ctx),
    `User: ${USER} is not authorized to perform: ses:SendEmail on resource: ${other}`,
  );
});

test("kindOfStatement: resource by type, boundaries by their ids or the pasted list's name", () => {
  const k = kindOfStatement(new Set(['Boundary']));
  assert.equal(k({ SourcePolicyType: 'resource', SourcePolicyId: 'ResourcePolicy' }), 'resource');
  assert.equal(
    k({ SourcePolicyType: 'none', SourcePolicyId: 'PermissionsBoundaryPolicyInputList.2' }),
    'boundary',
  );
  assert.equal(k({ SourcePolicyType: 'user-managed', SourcePolicyId: 'Boundary' }), 'boundary');
  assert.equal(k({ SourcePolicyType: 'role', SourcePolicyId: 'PinpointUsesSES' }), 'identity');
});
