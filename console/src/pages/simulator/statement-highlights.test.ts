import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../../../src/iam/policy/simulate.js';
import {
  belongsTo,
  highlightedLines,
  highlightsFor,
  normalizeStatement,
  statementText,
} from './statement-highlights.js';

const TEXT = [
  '{',
  '  "Version": "2012-10-17",',
  '  "Statement": [',
  '    {',
  '      "Effect": "Allow",',
  '      "Action": "ses:SendEmail",',
  '      "Resource": "*"',
  '    },',
  '    {"Effect": "Deny", "Action": "ses:SendRawEmail", "Resource": "*"}',
  '  ]',
  '}',
].join('\n');

test('API_Statement.html positions from the engine highlight the statement that decided', () => {
  const results = simulate({
    PolicyInputList: [TEXT],
    ActionNames: ['ses:SendEmail', 'ses:SendRawEmail'],
  }).EvaluationResults;
  const shown = { id: 'PolicyInputList.1', title: 'Policy 1', text: TEXT };
  const allow = highlightsFor(shown, results[0].MatchedStatements);
  assert.deepEqual(allow, [{ fromLine: 4, toLine: 8, fromColumn: 5, toColumn: 5 }]);
  assert.deepEqual([...highlightedLines(allow)], [4, 5, 6, 7, 8]);
  assert.equal(
    statementText(TEXT, allow[0]),
    TEXT.split('\n').slice(3, 8).join('\n').trim().replace(/,$/, ''),
  );
  const deny = highlightsFor(shown, results[1].MatchedStatements);
  assert.equal(
    statementText(TEXT, deny[0]),
    '{"Effect": "Deny", "Action": "ses:SendRawEmail", "Resource": "*"}',
  );
});

test('a statement belongs to the policy of its id and type; repeats are highlighted once', () => {
  const s = {
    SourcePolicyId: 'P',
    SourcePolicyType: 'role',
    StartPosition: { Line: 2, Column: 1 },
    EndPosition: { Line: 3, Column: 2 },
  };
  assert.ok(belongsTo(s, { id: 'P', type: 'role', title: '', text: '' }));
  assert.ok(!belongsTo(s, { id: 'P', type: 'user-managed', title: '', text: '' }));
  assert.ok(!belongsTo(s, { id: 'Q', title: '', text: '' }));
  assert.equal(highlightsFor({ id: 'P', title: '', text: 'a\nb\nc\nd' }, [s, s]).length, 1);
  // Positions past the text are kept inside it.
  const far = { ...s, StartPosition: { Line: 9, Column: 1 }, EndPosition: { Line: 12, Column: 1 } };
  assert.deepEqual(highlightsFor({ id: 'P', title: '', text: 'a\nb' }, [far])[0], {
    fromLine: 2,
    toLine: 2,
    fromColumn: 1,
    toColumn: 1,
  });
});

test("a stored trust policy statement split at its ARN's first colon is joined back to the role's ARN", () => {
  const s = {
    SourcePolicyId: 'aws:iam::000000000000:role/PinpointSES',
    SourcePolicyType: 'arn',
    StartPosition: { Line: 1, Column: 1 },
  };
  assert.deepEqual(normalizeStatement(s), {
    SourcePolicyId: 'arn:aws:iam::000000000000:role/PinpointSES',
    SourcePolicyType: 'resource',
    StartPosition: { Line: 1, Column: 1 },
  });
  const kept = { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'none' };
  assert.equal(normalizeStatement(kept), kept);
  const trust = {
    id: 'arn:aws:iam::000000000000:role/PinpointSES',
    type: 'resource',
    title: 'Trust policy',
    text: '{}',
  };
  assert.equal(highlightsFor(trust, [s]).length, 1);
});
