/**
 * Issue 9, finding 13 (memory held by rejected input), through @aws-sdk/client-iam: distinct
 * oversized and malformed policies sent to SimulateCustomPolicy (API_SimulateCustomPolicy.html)
 * are refused with IAM's error and leave nothing in the policy cache; valid resource policies
 * larger than any policy AWS stores are evaluated but not kept. The server runs in this process,
 * so the cache's own API reports what it holds.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { SimulateCustomPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { policyCacheStats } from '../src/iam/policy/policy-cache.js';
import { startTestServer, type TestServer } from './support/server.js';

const ACCOUNT = '000000000000';
const IDENTITY = `arn:aws:ses:us-east-1:${ACCOUNT}:identity/`;
let server: TestServer;
let iam: IAMClient;

before(async () => {
  server = await startTestServer();
  iam = server.iam();
});
after(() => server.close());

const policy = (i: number, name: string, extra: object = {}) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: `S${i}`, Effect: 'Allow', Action: 'ses:SendEmail', Resource: IDENTITY + name, ...extra },
    ],
  });

async function refusal(input: ConstructorParameters<typeof SimulateCustomPolicyCommand>[0]) {
  try {
    await iam.send(new SimulateCustomPolicyCommand(input));
  } catch (e) {
    return (e as Error).name;
  }
  assert.fail('expected SimulateCustomPolicy to fail');
}

it('300 distinct oversized and 300 distinct malformed policies are refused and not kept', async () => {
  // Warm up: the simulation's own valid policies may be cached once.
  await iam.send(
    new SimulateCustomPolicyCommand({
      PolicyInputList: [policy(0, '*')],
      ActionNames: ['ses:SendEmail'],
      ResourceArns: [IDENTITY + 'example.com'],
    }),
  );
  const held = policyCacheStats();
  for (let i = 0; i < 300; i++) {
    // Over the 10,240-character inline quota the simulator holds input policies to.
    const oversized = policy(i, `${i}-${'x'.repeat(12_000)}`);
    const malformed = policy(i, `${i}`).replace('"Effect"', '"Efect"');
    for (const text of [oversized, malformed]) {
      const name = await refusal({ PolicyInputList: [text], ActionNames: ['ses:SendEmail'] });
      assert.ok(
        ['InvalidInputException', 'LimitExceededException', 'MalformedPolicyDocumentException'].includes(
          name!,
        ),
        name,
      );
    }
  }
  assert.deepEqual(policyCacheStats(), held);
});

it('valid resource policies longer than any AWS stores are evaluated but not kept', async () => {
  const held = policyCacheStats();
  for (let i = 0; i < 20; i++) {
    // 400 resources of 100 characters: over 40,000 characters, more than any AWS policy holds.
    const resources = Array.from({ length: 400 }, (_, k) => `${IDENTITY}${i}-${k}-${'y'.repeat(80)}`);
    const resourcePolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'ses:SendEmail',
          Resource: resources,
        },
      ],
    });
    assert.ok(resourcePolicy.length > 40_000);
    const out = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [policy(0, '*')],
        ResourcePolicy: resourcePolicy,
        CallerArn: `arn:aws:iam::${ACCOUNT}:user/ada`,
        ActionNames: ['ses:SendEmail'],
        ResourceArns: [resources[i]],
      }),
    );
    assert.equal(out.EvaluationResults?.[0].EvalDecision, 'allowed');
  }
  assert.deepEqual(policyCacheStats(), held);
});
