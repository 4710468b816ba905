/**
 * explainRequest follows the evaluation logic's steps (reference_policies_evaluation-logic_policy-eval-denyallow.html)
 * and says, for each statement about the action, why it applies or not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainRequest, explanationText } from './explain-request.js';

const A = '111122223333';
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

test('a permissions boundary that does not allow decides, and every step says what it found', () => {
  const [e] = explainRequest({
    PolicyInputList: [doc({ Sid: 'All', Effect: 'Allow', Action: 'ses:*', Resource: '*' })],
    PermissionsBoundaryPolicyInputList: [doc({ Effect: 'Allow', Action: 'ses:GetAccount', Resource: '*' })],
    CallerArn: `arn:aws:iam::${A}:user/alice`,
    ActionNames: ['ses:SendEmail'],
    ResourceArns: [`arn:aws:ses:us-east-1:${A}:identity/example.com`],
  });
  assert.equal(e.decision, 'implicitDeny');
  assert.equal(e.decidedBy, 'boundary');
  assert.equal(
    e.accessDenied,
    `User: arn:aws:iam::${A}:user/alice is not authorized to perform: ses:SendEmail on resource: arn:aws:ses:us-east-1:${A}:identity/example.com because no permissions boundary allows the ses:SendEmail action`,
  );
  const text = explanationText(e);
  assert.ok(text.includes('  5. Identity-based policies: allows.'), text.join('\n'));
  assert.ok(
    text.includes('       + PolicyInputList.1 statement 1 (All), Allow: it allows the request.'),
    text.join('\n'),
  );
  assert.ok(
    text.includes('  6. Permissions boundary: no statement allows (implicit deny).'),
    text.join('\n'),
  );
  assert.ok(text.includes('       1 other statement is about other actions.'), text.join('\n'));
});

test('an explicit deny is named in the deny step; a statement for another principal is an almost-match', () => {
  const [e] = explainRequest({
    PolicyInputList: [doc({ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' })],
    ResourcePolicy: doc(
      {
        Sid: 'Bob',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${A}:user/bob` },
        Action: 'sns:Publish',
      },
      {
        Sid: 'NoHttp',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ),
    CallerArn: `arn:aws:iam::${A}:user/alice`,
    ActionNames: ['sns:Publish'],
    ResourceArns: [`arn:aws:sns:us-east-1:${A}:alerts`],
    ContextEntries: [
      { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['false'], ContextKeyType: 'boolean' },
    ],
  });
  assert.equal(e.decision, 'explicitDeny');
  const text = explanationText(e);
  assert.ok(
    text.includes('  1. Deny evaluation: denied by ResourcePolicy statement 2 (NoHttp).'),
    text.join('\n'),
  );
  assert.ok(
    text.includes(
      `       - ResourcePolicy statement 1 (Bob), Allow: its Principal does not name arn:aws:iam::${A}:user/alice.`,
    ),
    text.join('\n'),
  );
});
