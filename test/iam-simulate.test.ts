/**
 * The IAM policy simulator API through @aws-sdk/client-iam: what `aws iam simulate-custom-policy`
 * sends (API_SimulateCustomPolicy.html, API_SimulatePrincipalPolicy.html,
 * API_GetContextKeysForCustomPolicy.html, API_GetContextKeysForPrincipalPolicy.html), on the seed's
 * permissions policy (pinpoint/latest/developerguide/permissions-ses.html).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateUserCommand,
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { seedPermissionsPolicy } from './fixtures/seed-policies.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let iam: IAMClient;
const ACCOUNT = '000000000000';
const SES = `arn:aws:ses:us-east-1:${ACCOUNT}`;

before(async () => {
  server = await startTestServer();
  iam = server.iam();
});
after(() => server.close());

async function failure(
  fn: () => Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await fn();
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

const allow = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

describe('SimulateCustomPolicy on the seed permissions policy', () => {
  it("allows SendEmail/SendRawEmail on the own account's identity and configuration set", async () => {
    const out = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [seedPermissionsPolicy(ACCOUNT)],
        ActionNames: ['ses:SendEmail', 'ses:SendRawEmail'],
        ResourceArns: [`${SES}:identity/example.com`, `${SES}:configuration-set/marketing`],
      }),
    );
    assert.equal(out.EvaluationResults?.length, 4);
    for (const r of out.EvaluationResults ?? []) {
      assert.equal(r.EvalDecision, 'allowed', `${r.EvalActionName} on ${r.EvalResourceName}`);
      assert.equal(r.MatchedStatements?.[0].SourcePolicyId, 'PolicyInputList.1');
      assert.equal(r.ResourceSpecificResults?.[0].EvalResourceDecision, 'allowed');
    }
    assert.equal(out.IsTruncated, false);
  });

  it("is an implicitDeny for another account's identity and for a template", async () => {
    const out = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [seedPermissionsPolicy(ACCOUNT)],
        ActionNames: ['ses:SendEmail'],
        ResourceArns: ['arn:aws:ses:us-east-1:111122223333:identity/example.com', `${SES}:template/welcome`],
      }),
    );
    assert.deepEqual(
      out.EvaluationResults?.map((r) => [r.EvalResourceName, r.EvalDecision, r.MatchedStatements?.length]),
      [
        ['arn:aws:ses:us-east-1:111122223333:identity/example.com', 'implicitDeny', 0],
        [`${SES}:template/welcome`, 'implicitDeny', 0],
      ],
    );
  });

  it('pages EvaluationResults with MaxItems and Marker', async () => {
    const input = {
      PolicyInputList: [seedPermissionsPolicy(ACCOUNT)],
      ActionNames: ['ses:SendEmail', 'ses:SendRawEmail', 'ses:SendTemplatedEmail'],
      MaxItems: 2,
    };
    const first = await iam.send(new SimulateCustomPolicyCommand(input));
    assert.equal(first.EvaluationResults?.length, 2);
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new SimulateCustomPolicyCommand({ ...input, Marker: first.Marker }));
    assert.deepEqual(
      rest.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision]),
      [['ses:SendTemplatedEmail', 'implicitDeny']],
    );
  });

  it('reports an explicit deny and a boundary that does not allow', async () => {
    const deny = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'ses:SendRawEmail', Resource: '*' }],
    });
    const out = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [seedPermissionsPolicy(ACCOUNT), deny],
        PermissionsBoundaryPolicyInputList: [allow('ses:SendRawEmail')],
        ActionNames: ['ses:SendEmail', 'ses:SendRawEmail'],
        ResourceArns: [`${SES}:identity/example.com`],
      }),
    );
    const [send, raw] = out.EvaluationResults ?? [];
    assert.equal(send.EvalDecision, 'implicitDeny');
    assert.equal(send.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary, false);
    assert.equal(raw.EvalDecision, 'explicitDeny');
    assert.equal(raw.MatchedStatements?.[0].SourcePolicyId, 'PolicyInputList.2');
  });

  it('answers InvalidInput for a malformed policy and a ValidationError for missing members', async () => {
    const bad = await failure(() =>
      iam.send(
        new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Version":'], ActionNames: ['ses:SendEmail'] }),
      ),
    );
    assert.equal(bad.name, 'InvalidInputException');
    assert.equal(bad.status, 400);
    const missing = await failure(() =>
      iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: undefined as unknown as string[],
          ActionNames: ['ses:SendEmail'],
        }),
      ),
    );
    assert.equal(
      missing.message,
      "1 validation error detected: Value null at 'policyInputList' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe('SimulatePrincipalPolicy (API_SimulatePrincipalPolicy.html, API_Statement.html)', () => {
  it("evaluates a user's own and its group's policies, naming each source as IAM does", async () => {
    await iam.send(new CreateUserCommand({ UserName: 'sim' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'senders' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'senders', UserName: 'sim' }));
    const store = server.runtime.iam;
    await store.inlinePolicies.put(ACCOUNT, 'user', 'sim', 'own', allow('iam:GetUser'));
    await store.inlinePolicies.put(ACCOUNT, 'group', 'senders', 'seed', seedPermissionsPolicy(ACCOUNT));
    await store.attachments.attach(ACCOUNT, 'user', 'sim', 'arn:aws:iam::aws:policy/IAMReadOnlyAccess');
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/sim`,
        ActionNames: ['iam:GetUser', 'ses:SendEmail', 'ses:DeleteIdentity'],
        ResourceArns: [`${SES}:identity/example.com`],
      }),
    );
    const by = new Map((out.EvaluationResults ?? []).map((r) => [r.EvalActionName, r]));
    const result = (action: string) => by.get(action)!;
    assert.equal(result('iam:GetUser').EvalDecision, 'allowed');
    assert.deepEqual(
      result('iam:GetUser')
        .MatchedStatements?.map((m) => [m.SourcePolicyId, m.SourcePolicyType])
        .sort(),
      [
        ['IAMReadOnlyAccess', 'aws-managed'],
        ['own', 'user'],
      ],
    );
    assert.equal(result('ses:SendEmail').EvalDecision, 'allowed');
    assert.deepEqual(
      result('ses:SendEmail').MatchedStatements?.map((m) => [m.SourcePolicyId, m.SourcePolicyType]),
      [['seed', 'group']],
    );
    assert.equal(result('ses:DeleteIdentity').EvalDecision, 'implicitDeny');
  });

  it('adds PolicyInputList to the entity policies', async () => {
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${ACCOUNT}:group/senders`,
        PolicyInputList: [allow('ses:DeleteIdentity')],
        ActionNames: ['ses:DeleteIdentity'],
      }),
    );
    assert.equal(out.EvaluationResults?.[0].EvalDecision, 'allowed');
    assert.equal(out.EvaluationResults?.[0].MatchedStatements?.[0].SourcePolicyId, 'PolicyInputList.1');
  });

  it('answers NoSuchEntity for an unknown entity and InvalidInput for a session ARN', async () => {
    const none = await failure(() =>
      iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/nope`,
          ActionNames: ['s3:GetObject'],
        }),
      ),
    );
    assert.equal(none.name, 'NoSuchEntityException');
    assert.equal(none.message, 'The role with name nope cannot be found.');
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`;
    const bad = await failure(() =>
      iam.send(
        new SimulatePrincipalPolicyCommand({ PolicySourceArn: session, ActionNames: ['s3:GetObject'] }),
      ),
    );
    assert.equal(bad.name, 'InvalidInputException');
    assert.equal(bad.message, `Invalid Entity Arn: ${session} does not clearly define entity type and name.`);
  });
});

describe('GetContextKeysFor*Policy (API_GetContextKeysForCustomPolicy.html)', () => {
  const withKeys = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'dynamodb:*',
        Resource: 'arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}',
        Condition: { DateGreaterThan: { 'aws:CurrentTime': '2015-08-16T12:00:00Z' } },
      },
    ],
  });

  it('lists the keys a custom policy references, as the AWS CLI example shows', async () => {
    const out = await iam.send(
      new GetContextKeysForCustomPolicyCommand({
        PolicyInputList: [withKeys, seedPermissionsPolicy(ACCOUNT)],
      }),
    );
    assert.deepEqual(out.ContextKeyNames, ['aws:username', 'aws:CurrentTime']);
  });

  it("lists the keys of a principal's policies plus PolicyInputList", async () => {
    await server.runtime.iam.inlinePolicies.put(ACCOUNT, 'group', 'senders', 'keys', withKeys);
    const out = await iam.send(
      new GetContextKeysForPrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/sim`,
        PolicyInputList: [
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 's3:*',
                Resource: '*',
                Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
              },
            ],
          }),
        ],
      }),
    );
    assert.deepEqual(out.ContextKeyNames, ['aws:username', 'aws:CurrentTime', 'aws:SourceAccount']);
  });
});
