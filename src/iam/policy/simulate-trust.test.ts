/**
 * Role trust in the simulator, decided as the server decides sts:AssumeRole: a ResourcePolicy
 * simulated for an sts:AssumeRole* action on a role ARN is that role's trust policy, which must
 * allow by itself (reference_policies_evaluation-logic.html, "Resource-based policies": "IAM role
 * trust policies … must explicitly allow access for principals"). Within one account a trust
 * policy naming the caller suffices, one naming the account delegates to the caller's identity
 * policy, and a caller it does not name is denied even when its identity policy allows
 * (reference_policies_evaluation-logic-cross-account.html for the cross-account rows).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from './simulate.js';

const A = '111122223333';
const B = '444455556666';
const role = `arn:aws:iam::${A}:role/Deploy`;
const alice = `arn:aws:iam::${A}:user/alice`;
const bob = `arn:aws:iam::${B}:user/bob`;
const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const trusts = (aws: string) => doc({ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' });
const mayAssume = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });

function decide(caller: string, trust: string, identity: string[], action = 'sts:AssumeRole'): string {
  return simulate({
    PolicyInputList: identity,
    ResourcePolicy: trust,
    CallerArn: caller,
    ActionNames: [action],
    ResourceArns: [role],
  }).EvaluationResults[0].EvalDecision;
}

test('trust: a caller the trust policy does not name is denied even when its identity policy allows', () => {
  assert.equal(decide(alice, trusts(`arn:aws:iam::${A}:user/someone-else`), [mayAssume]), 'implicitDeny');
});

test('trust: naming the caller suffices within the account, without any identity policy', () => {
  assert.equal(decide(alice, trusts(alice), []), 'allowed');
});

test('trust: naming the account delegates to the identity policy', () => {
  assert.equal(decide(alice, trusts(A), [mayAssume]), 'allowed');
  assert.equal(decide(alice, trusts(A), []), 'implicitDeny');
});

test('trust: across accounts both the trust policy and the identity policy must allow', () => {
  assert.equal(decide(bob, trusts(bob), [mayAssume]), 'allowed');
  assert.equal(decide(bob, trusts(bob), []), 'implicitDeny');
  assert.equal(decide(bob, trusts(alice), [mayAssume]), 'implicitDeny');
});

test('trust: the other actions decided on the role (sts:TagSession, AssumeRoleWithWebIdentity) follow it too', () => {
  assert.equal(
    decide(
      alice,
      trusts(`arn:aws:iam::${A}:user/x`),
      [mayAssume.replace('sts:AssumeRole', 'sts:*')],
      'sts:TagSession',
    ),
    'implicitDeny',
  );
});

test('trust: the same ResourcePolicy on another action or a non-role resource is an ordinary resource policy', () => {
  const out = simulate({
    PolicyInputList: [doc({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' })],
    ResourcePolicy: trusts(`arn:aws:iam::${A}:user/x`),
    CallerArn: alice,
    ActionNames: ['iam:GetRole'],
    ResourceArns: [role],
  });
  assert.equal(out.EvaluationResults[0].EvalDecision, 'allowed');
});
