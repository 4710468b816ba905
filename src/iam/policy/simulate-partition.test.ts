/**
 * The partition of a simulation (issue 13): the seed tells GovCloud users to write
 * `arn:aws-us-gov:…` (pinpoint/latest/developerguide/permissions-ses.html), and a partition is a
 * separate IAM whose policies name its own ARNs (reference-arns.html). `policy simulate` takes the
 * partition from CallerArn, else ResourceOwner; "Partition … is not valid for resource …" is
 * answered only for a partition other than that one (IAM's text as seen from aws-cn, see
 * validate-messages.ts partitionNotValid).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedPermissionsPolicy } from '../../../test/fixtures/seed-policies.js';
import { simulate, simulationPartition, SimulationInputError } from './simulate.js';

const A = '111122223333';
const govSession = `arn:aws-us-gov:sts::${A}:assumed-role/PinpointSES/campaign`;
const govIdentity = `arn:aws-us-gov:ses:us-gov-west-1:${A}:identity/example.com`;

test('simulate: the seed policy written for GovCloud is evaluated for a GovCloud caller', () => {
  const out = simulate({
    PolicyInputList: [seedPermissionsPolicy(A, 'aws-us-gov', 'us-gov-west-1')],
    CallerArn: govSession,
    ActionNames: ['ses:SendEmail'],
    ResourceArns: [govIdentity],
  });
  assert.equal(out.EvaluationResults[0].EvalDecision, 'allowed');
});

test('simulate: the partition may come from ResourceOwner when there is no CallerArn', () => {
  const out = simulate({
    PolicyInputList: [seedPermissionsPolicy(A, 'aws-cn', 'cn-north-1')],
    ResourceOwner: `arn:aws-cn:iam::${A}:root`,
    ActionNames: ['ses:SendEmail'],
    ResourceArns: [`arn:aws-cn:ses:cn-north-1:${A}:identity/example.com`],
  });
  assert.equal(out.EvaluationResults[0].EvalDecision, 'allowed');
});

test("simulate: a policy naming another partition's ARNs is refused with IAM's message", () => {
  assert.throws(
    () =>
      simulate({
        PolicyInputList: [seedPermissionsPolicy(A)],
        CallerArn: govSession,
        ActionNames: ['ses:SendEmail'],
      }),
    (e: unknown) =>
      e instanceof SimulationInputError &&
      e.message === `Partition "aws" is not valid for resource "arn:aws:ses:us-east-1:${A}:identity/*".`,
  );
});

test('simulationPartition: CallerArn first, then ResourceOwner, `aws` otherwise (and for a service caller)', () => {
  assert.equal(
    simulationPartition({ CallerArn: govSession, ResourceOwner: `arn:aws-cn:iam::${A}:root` }),
    'aws-us-gov',
  );
  assert.equal(
    simulationPartition({ CallerArn: 'pinpoint.amazonaws.com', ResourceOwner: `arn:aws-cn:iam::${A}:root` }),
    'aws-cn',
  );
  assert.equal(simulationPartition({ ResourceOwner: A }), 'aws');
  assert.equal(simulationPartition({}), 'aws');
});
