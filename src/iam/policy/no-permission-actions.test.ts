/**
 * sts:GetCallerIdentity needs no permission and no explicit deny stops it (API_GetCallerIdentity.html),
 * in the simulator as in the server (test/sts-identity.test.ts checks the server).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from './simulate.js';

const A = '111122223333';
const denyAll = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
});

test('API_GetCallerIdentity.html: an explicit deny of every action does not stop sts:GetCallerIdentity', () => {
  const out = simulate({
    PolicyInputList: [denyAll],
    ActionNames: ['sts:GetCallerIdentity', 'sts:GetSessionToken', 'ses:SendEmail'],
    CallerArn: `arn:aws:iam::${A}:user/alice`,
  });
  assert.deepEqual(
    out.EvaluationResults.map((r) => [r.EvalActionName, r.EvalDecision, r.MatchedStatements.length]),
    [
      ['sts:GetCallerIdentity', 'allowed', 0],
      ['sts:GetSessionToken', 'allowed', 0],
      ['ses:SendEmail', 'explicitDeny', 1],
    ],
  );
});

test('API_GetCallerIdentity.html: no policy at all is needed, and the action name is case-insensitive', () => {
  const out = simulate({
    PolicyInputList: [],
    ActionNames: ['STS:getcalleridentity'],
    CallerArn: `arn:aws:sts::${A}:assumed-role/R/s`,
    SessionPolicyInputList: [denyAll],
    ServiceControlPolicyInputList: [[denyAll]],
  });
  assert.equal(out.EvaluationResults[0].EvalDecision, 'allowed');
});
