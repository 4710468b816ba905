/**
 * The rules issue 13 adds to IAM's simulator API, through @aws-sdk/client-iam:
 * - role trust decided as the server decides sts:AssumeRole (reference_policies_evaluation-logic.html,
 *   "Resource-based policies": role trust policies "must explicitly allow access for principals");
 * - sts:GetCallerIdentity needs no permission and no explicit deny stops it (API_GetCallerIdentity.html);
 * - ResourceArns with wildcards, taken as IAM's simulator takes them: a literal ARN matched against
 *   the policies' patterns (API_SimulateCustomPolicy.html, ResourceArns; cloud-custodian#4612: a
 *   policy on `arn:aws:s3:::*\/*` does not allow the default resource `*`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateRoleCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let iam: IAMClient;
const ACCOUNT = '000000000000';
const alice = `arn:aws:iam::${ACCOUNT}:user/alice`;
const bob = `arn:aws:iam::${ACCOUNT}:user/bob`;
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const trusts = (aws: string) => doc({ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' });
const mayAssume = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });

before(async () => {
  server = await startTestServer();
  iam = server.iam();
  for (const UserName of ['alice', 'bob']) await iam.send(new CreateUserCommand({ UserName }));
  await iam.send(
    new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'assume', PolicyDocument: mayAssume }),
  );
  await iam.send(new CreateRoleCommand({ RoleName: 'ForBob', AssumeRolePolicyDocument: trusts(bob) }));
  await iam.send(
    new CreateRoleCommand({ RoleName: 'ForAccount', AssumeRolePolicyDocument: trusts(ACCOUNT) }),
  );
});
after(() => server.close());

const decisions = (out: { EvaluationResults?: { EvalDecision?: string }[] }) =>
  (out.EvaluationResults ?? []).map((r) => r.EvalDecision);

describe('role trust in the simulator (a ResourcePolicy for sts:AssumeRole on a role ARN is its trust policy)', () => {
  it('SimulateCustomPolicy: a caller the trust policy does not name is denied though its identity policy allows', async () => {
    const out = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [mayAssume],
        ResourcePolicy: trusts(bob),
        CallerArn: alice,
        ActionNames: ['sts:AssumeRole'],
        ResourceArns: [`arn:aws:iam::${ACCOUNT}:role/Any`],
      }),
    );
    assert.deepEqual(decisions(out), ['implicitDeny']);
  });

  it("SimulatePrincipalPolicy: the role's stored trust policy decides, as AssumeRole itself would", async () => {
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: alice,
        ActionNames: ['sts:AssumeRole'],
        ResourceArns: [
          `arn:aws:iam::${ACCOUNT}:role/ForBob`,
          `arn:aws:iam::${ACCOUNT}:role/ForAccount`,
          `arn:aws:iam::${ACCOUNT}:role/Missing`,
        ],
      }),
    );
    assert.deepEqual(decisions(out), ['implicitDeny', 'allowed', 'implicitDeny']);
    // The trust policy that allowed is named whole: a resource policy under the role's ARN.
    const trust = out.EvaluationResults?.[1]?.MatchedStatements?.[0];
    assert.equal(trust?.SourcePolicyType, 'resource');
    assert.equal(trust?.SourcePolicyId, `arn:aws:iam::${ACCOUNT}:role/ForAccount`);
  });
});

describe('sts:GetCallerIdentity in the simulator (API_GetCallerIdentity.html)', () => {
  it('is allowed even under an explicit deny of every action', async () => {
    const out = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [doc({ Effect: 'Deny', Action: '*', Resource: '*' })],
        ActionNames: ['sts:GetCallerIdentity', 'sts:AssumeRole'],
      }),
    );
    assert.deepEqual(decisions(out), ['allowed', 'explicitDeny']);
  });
});

describe('wildcard resource ARNs in ResourceArns', () => {
  it('are accepted and matched as literal ARNs against the policy patterns', async () => {
    const policy = (resource: string) => doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: resource });
    const results = [];
    for (const pattern of ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::*/*', 'arn:aws:s3:::bucket/public/*']) {
      const out = await iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [policy(pattern)],
          ActionNames: ['s3:GetObject'],
          ResourceArns: ['arn:aws:s3:::bucket/*'],
        }),
      );
      results.push(...decisions(out));
    }
    assert.deepEqual(results, ['allowed', 'allowed', 'implicitDeny']);
  });
});
