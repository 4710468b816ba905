/**
 * A batch where the same policies recur parses and compiles each once and builds its policy set
 * once (issue 13, "Speed"): the work is counted, not timed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedPermissionsPolicy, seedTrustPolicy } from '../../../test/fixtures/seed-policies.js';
import { policyCacheStats } from './policy-cache.js';
import { simulate } from './simulate.js';
import { Simulator } from './simulator.js';

const A = '111122223333';

test('1,000 requests on the seed policies compile each policy once and build one policy set per combination', () => {
  const simulator = new Simulator();
  const request = (i: number) => ({
    PolicyInputList: [seedPermissionsPolicy(A)],
    CallerArn: `arn:aws:sts::${A}:assumed-role/PinpointSES/campaign`,
    ActionNames: [i % 2 ? 'ses:SendEmail' : 'ses:SendTemplatedEmail'],
    ResourceArns: [`arn:aws:ses:us-east-1:${A}:identity/d${i}.example.com`],
  });
  const first = simulator.simulate(request(0));
  const cached = policyCacheStats().entries;
  let allowed = 0;
  for (let i = 1; i <= 1000; i++) {
    if (simulator.simulate(request(i)).EvaluationResults[0].EvalDecision === 'allowed') allowed++;
  }
  assert.equal(first.EvaluationResults[0].EvalDecision, 'implicitDeny');
  assert.equal(allowed, 500);
  assert.equal(policyCacheStats().entries, cached, 'no policy compiled again');
  assert.equal(simulator.setsBuilt(), 1, 'one policy set for the whole batch');

  const trust = {
    ResourcePolicy: seedTrustPolicy(A),
    CallerArn: 'pinpoint.amazonaws.com',
    ActionNames: ['sts:AssumeRole'],
    ResourceArns: [`arn:aws:iam::${A}:role/PinpointSES`],
  };
  for (let i = 0; i < 100; i++) simulator.simulate(trust);
  assert.equal(simulator.setsBuilt(), 2);
});

test('the run answers exactly what simulate() answers', () => {
  const input = {
    PolicyInputList: [seedPermissionsPolicy(A)],
    ActionNames: ['ses:SendEmail', 'ses:SendRawEmail'],
    ResourceArns: [
      `arn:aws:ses:us-east-1:${A}:identity/example.com`,
      `arn:aws:ses:us-east-1:${A}:template/t`,
    ],
  };
  assert.deepEqual(new Simulator().simulate(input), simulate(input));
});
