/** policy-results.ts writes every result exactly as JSON.stringify does. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../iam/policy/simulate.js';
import { ResultWriter } from './policy-results.js';

const A = '111122223333';
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

test('results of every shape read the same as JSON.stringify, templates reused or not', () => {
  const writer = new ResultWriter();
  const policy = doc({
    Effect: 'Allow',
    Action: 'ses:SendEmail',
    Resource: `arn:aws:ses:us-east-1:${A}:identity/*`,
  });
  const cond = doc({
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: '*',
    Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } },
  });
  const inputs = [
    {
      PolicyInputList: [policy],
      ActionNames: ['ses:SendEmail'],
      ResourceArns: [`arn:aws:ses:us-east-1:${A}:identity/a"b\\c`],
    },
    {
      PolicyInputList: [policy],
      ActionNames: ['ses:SendEmail'],
      ResourceArns: [`arn:aws:ses:us-east-1:${A}:identity/x`],
    },
    { PolicyInputList: [policy], ActionNames: ['ses:SendEmail'] },
    { PolicyInputList: [policy], ActionNames: ['ses:SendEmail', 'ses:SendRawEmail'], ResourceArns: ['*'] },
    { PolicyInputList: [cond], ActionNames: ['s3:GetObject'] },
    {
      PolicyInputList: [cond],
      ActionNames: ['s3:GetObject'],
      ResourceArns: ['arn:aws:s3:::b/\u0000pinpost-action\u0000'],
    },
    {
      PolicyInputList: [policy],
      PermissionsBoundaryPolicyInputList: [policy],
      ServiceControlPolicyInputList: [[doc({ Effect: 'Allow', Action: '*', Resource: '*' })]],
      ActionNames: ['ses:SendEmail'],
      ResourceArns: [`arn:aws:ses:us-east-1:${A}:identity/y`],
    },
  ];
  for (const input of [...inputs, ...inputs]) {
    const out = simulate(input);
    assert.equal(writer.json(out), JSON.stringify(out), JSON.stringify(input));
  }
});
