/** policy-lines.ts: every line reads as JSON.parse reads it, and a repeated policy is reused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestLines } from './policy-lines.js';

const policy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'ses:SendEmail', Resource: 'arn:aws:ses:us-east-1:1:identity/"q"\\*' },
  ],
});
const line = (extra: object) =>
  JSON.stringify({ PolicyInputList: [policy], ActionNames: ['ses:SendEmail'], ...extra });

test('lines read as JSON.parse reads them, whether the remembered policy fits them or not', () => {
  const lines = [
    line({ ResourceArns: ['arn:a'] }),
    line({ ResourceArns: ['arn:b'] }),
    line({ Nested: { PolicyInputList: [policy] } }),
    JSON.stringify({ ActionNames: ['x:y'], Note: `"PolicyInputList":${JSON.stringify([policy])}` }),
    `{"PolicyInputList":${JSON.stringify([policy])},"PolicyInputList":["other"],"ActionNames":["a:b"]}`,
    ` { "PolicyInputList" : ${JSON.stringify([policy])} , "ActionNames":["a:b"] } `,
    line({ ResourcePolicy: policy, CallerArn: 'arn:aws:iam::111122223333:user/u' }),
    line({ ResourcePolicy: policy, CallerArn: 'arn:aws:iam::111122223333:user/v' }),
    '[1,2]',
    '{}',
  ];
  const reader = new RequestLines();
  for (const l of [...lines, ...lines.reverse()]) assert.deepEqual(reader.parse(l), JSON.parse(l), l);
});

test('a line that is not JSON throws SyntaxError, as JSON.parse does, also after a good one', () => {
  const reader = new RequestLines();
  reader.parse(line({}));
  for (const bad of [`${line({}).slice(0, -1)}`, `{"PolicyInputList":${JSON.stringify([policy])},}`, 'nope'])
    assert.throws(() => reader.parse(bad), SyntaxError, bad);
});

test('a repeated policy list is the same array, not parsed again', () => {
  const reader = new RequestLines();
  const a = reader.parse(line({ ResourceArns: ['arn:a'] })) as { PolicyInputList: string[] };
  const b = reader.parse(line({ ResourceArns: ['arn:b'] })) as { PolicyInputList: string[] };
  assert.equal(a.PolicyInputList, b.PolicyInputList);
});
