/**
 * Session policies against resource-based policies that name the session, the role or the account
 * (reference_policies_evaluation-logic.html, "Resource-based policies" and the session-policy
 * section; access_policies.html#policies_session): a policy naming the session's ARN grants it
 * directly, beyond its session policy; one naming the role's ARN is bounded by the session policy
 * ("The session policy limits the total permissions granted by the resource-based policy and the
 * identity-based policy"); one naming the account delegates to the identity side, which the session
 * policy bounds. Run through simulate(), with the caller named as the session or as the role.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from './simulate.js';

const A = '111122223333';
const role = `arn:aws:iam::${A}:role/Sender`;
const session = `arn:aws:sts::${A}:assumed-role/Sender/s1`;
const identity = `arn:aws:ses:us-east-1:${A}:identity/example.com`;
const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const grantTo = (aws: string) =>
  doc({ Effect: 'Allow', Principal: { AWS: aws }, Action: 'ses:SendEmail', Resource: identity });
/** A session policy that allows something else: ses:SendEmail is implicitly denied by it. */
const narrowSession = doc({ Effect: 'Allow', Action: 'ses:GetAccount', Resource: '*' });
const roleAllows = doc({ Effect: 'Allow', Action: 'ses:*', Resource: '*' });

function decision(caller: string, resourcePolicy: string, identityPolicies: string[], session?: string) {
  return simulate({
    PolicyInputList: identityPolicies,
    SessionPolicyInputList: session ? [session] : undefined,
    ResourcePolicy: resourcePolicy,
    CallerArn: caller,
    ActionNames: ['ses:SendEmail'],
    ResourceArns: [identity],
  }).EvaluationResults[0].EvalDecision;
}

test('session policy: a resource policy naming the session ARN is not limited by the session policy', () => {
  assert.equal(decision(session, grantTo(session), [], narrowSession), 'allowed');
});

test('session policy: a resource policy naming the role ARN is limited by the session policy', () => {
  assert.equal(decision(session, grantTo(role), [], narrowSession), 'implicitDeny');
  assert.equal(
    decision(session, grantTo(role), []),
    'allowed',
    'without a session policy the role grant stands',
  );
});

test('session policy: the role named as the caller is a session of the role, limited the same way', () => {
  assert.equal(decision(role, grantTo(role), [], narrowSession), 'implicitDeny');
  assert.equal(decision(role, grantTo(role), []), 'allowed');
});

test('session policy: a resource policy naming the account needs the identity side, which the session policy bounds', () => {
  assert.equal(decision(session, grantTo(A), [roleAllows]), 'allowed');
  assert.equal(decision(session, grantTo(A), [roleAllows], narrowSession), 'implicitDeny');
  assert.equal(
    decision(session, grantTo(A), []),
    'implicitDeny',
    'the account delegates: no identity allow, no access',
  );
});

test('session policy: naming both the session and its role grants the session directly', () => {
  const both = doc({
    Effect: 'Allow',
    Principal: { AWS: [role, session] },
    Action: 'ses:SendEmail',
    Resource: identity,
  });
  assert.equal(decision(session, both, [], narrowSession), 'allowed');
});
