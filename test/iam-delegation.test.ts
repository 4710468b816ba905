/**
 * IAM temporary delegation, GetHumanReadableSummary, STS AssumeRoot and GetDelegatedAccessToken
 * through @aws-sdk/client-iam and client-sts against a whole server. AWS gates all of them
 * (API_CreateDelegationRequest.html: partner onboarding; API_AssumeRoot.html: an organization's
 * centralized root access), and no Pinpost account passes the gate: each is authorized with its
 * own action and resource, then answers as for an account no partner sent a request to and that
 * belongs to no organization.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AcceptDelegationRequestCommand,
  AssociateDelegationRequestCommand,
  CreateAccessKeyCommand,
  CreateDelegationRequestCommand,
  CreateUserCommand,
  GetDelegationRequestCommand,
  GetHumanReadableSummaryCommand,
  ListDelegationRequestsCommand,
  PutUserPolicyCommand,
  RejectDelegationRequestCommand,
  SendDelegationTokenCommand,
  UpdateDelegationRequestCommand,
} from '@aws-sdk/client-iam';
import { AssumeRootCommand, GetDelegatedAccessTokenCommand } from '@aws-sdk/client-sts';
import { fail } from './support/failure.js';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';

let server: TestServer;
let clerk: Credentials;
let nobody: Credentials;
const ACCOUNT = '000000000000';
const ID = 'dr-0123456789abcdef';
const OTHER = 'dr-fedcba9876543210';
const AUDIT = 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials';

async function userWith(name: string, statements: unknown[]): Promise<Credentials> {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (statements.length)
    await iam.send(
      new PutUserPolicyCommand({
        UserName: name,
        PolicyName: 'p',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      }),
    );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

before(async () => {
  server = await startTestServer();
  // Pinpost's policy grammar (src/iam/policy/validate-messages.ts) does not yet take a
  // `delegation-request/` or `root` IAM resource path, so the grants name the account's IAM
  // resources with `*`; the denials below show the exact ARN each action is authorized on.
  clerk = await userWith('clerk', [
    {
      Effect: 'Allow',
      Action: ['iam:GetDelegationRequest', 'iam:AcceptDelegationRequest'],
      Resource: `arn:aws:iam::${ACCOUNT}:*`,
    },
    { Effect: 'Allow', Action: 'iam:ListDelegationRequests', Resource: '*' },
    {
      Effect: 'Allow',
      Action: 'sts:AssumeRoot',
      Resource: `arn:aws:iam::${ACCOUNT}:*`,
      Condition: { StringEquals: { 'sts:TaskPolicyArn': AUDIT } },
    },
  ]);
  nobody = await userWith('nobody', []);
});
after(() => server.close());

describe('IAM temporary delegation', () => {
  it('refuses CreateDelegationRequest: no account is an onboarded partner', async () => {
    const e = await fail(
      server.iam().send(
        new CreateDelegationRequestCommand({
          Description: 'Deploy the product',
          Permissions: { PolicyTemplateArn: 'arn:aws:iam::aws:policy/delegation/Template' },
          RequestorWorkflowId: 'workflow-1',
          NotificationChannel: 'arn:aws:sns:us-east-1:111122223333:topic',
          SessionDuration: 3600,
        }),
      ),
    );
    assert.deepEqual([e.name, e.status], ['InvalidInputException', 400]);
    assert.match(e.message, /not onboarded as a partner for IAM temporary delegation/);
  });

  it('answers NoSuchEntity for every request ID, since none exists', async () => {
    const iam = server.iam();
    const commands = [
      new GetDelegationRequestCommand({ DelegationRequestId: ID }),
      new AssociateDelegationRequestCommand({ DelegationRequestId: ID }),
      new AcceptDelegationRequestCommand({ DelegationRequestId: ID }),
      new RejectDelegationRequestCommand({ DelegationRequestId: ID, Notes: 'no thanks' }),
      new UpdateDelegationRequestCommand({ DelegationRequestId: ID, Notes: 'more' }),
      new SendDelegationTokenCommand({ DelegationRequestId: ID }),
    ];
    for (const command of commands) {
      const e = await fail(iam.send(command as never));
      assert.deepEqual(
        [e.name, e.status, e.message],
        ['NoSuchEntityException', 404, `The delegation request with ID ${ID} cannot be found.`],
        command.constructor.name,
      );
    }
  });

  it('lists no delegation requests, untruncated', async () => {
    const out = await server.iam(clerk).send(new ListDelegationRequestsCommand({ MaxItems: 10 }));
    assert.deepEqual(out.DelegationRequests ?? [], []);
    assert.equal(out.isTruncated, false);
  });

  it('refuses a malformed request ID with the model’s validation error, before anything else', async () => {
    const e = await fail(
      server.iam(nobody).send(new GetDelegationRequestCommand({ DelegationRequestId: 'short' })),
    );
    assert.deepEqual([e.name, e.status], ['ValidationError', 400]);
  });

  it('authorizes each on the request’s ARN before answering', async () => {
    const asClerk = server.iam(clerk);
    const mine = await fail(asClerk.send(new GetDelegationRequestCommand({ DelegationRequestId: ID })));
    assert.equal(mine.name, 'NoSuchEntityException');
    const accepted = await fail(
      asClerk.send(new AcceptDelegationRequestCommand({ DelegationRequestId: ID })),
    );
    assert.equal(accepted.name, 'NoSuchEntityException');
    const other = await fail(
      server.iam(nobody).send(new GetDelegationRequestCommand({ DelegationRequestId: OTHER })),
    );
    assert.deepEqual([other.name, other.status], ['AccessDenied', 403]);
    assert.match(
      other.message,
      new RegExp(`iam:GetDelegationRequest on resource: arn:aws:iam::${ACCOUNT}:delegation-request/${OTHER}`),
    );
    const rejected = await fail(
      asClerk.send(new RejectDelegationRequestCommand({ DelegationRequestId: ID })),
    );
    assert.match(rejected.message, /not authorized to perform: iam:RejectDelegationRequest/);
    const created = await fail(
      server.iam(nobody).send(
        new CreateDelegationRequestCommand({
          Description: 'd',
          Permissions: { PolicyTemplateArn: 'arn:aws:iam::aws:policy/delegation/Template' },
          RequestorWorkflowId: 'workflow-2',
          NotificationChannel: 'arn:aws:sns:us-east-1:111122223333:topic',
          SessionDuration: 3600,
        }),
      ),
    );
    assert.match(
      created.message,
      /not authorized to perform: iam:CreateDelegationRequest because no identity-based policy allows/,
    );
  });
});

describe('GetHumanReadableSummary', () => {
  it('knows no delegation request to summarize', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:delegation-request/${ID}`;
    const e = await fail(
      server.iam().send(new GetHumanReadableSummaryCommand({ EntityArn: arn, Locale: 'en' })),
    );
    assert.deepEqual(
      [e.name, e.status, e.message],
      ['NoSuchEntityException', 404, `The delegation request with ID ${ID} cannot be found.`],
    );
  });

  it('refuses any other entity type', async () => {
    const e = await fail(
      server
        .iam()
        .send(new GetHumanReadableSummaryCommand({ EntityArn: `arn:aws:iam::${ACCOUNT}:user/clerk` })),
    );
    assert.deepEqual([e.name, e.status], ['InvalidInputException', 400]);
    assert.match(e.message, /only supported entity type is delegation-request/);
  });

  it('is authorized as iam:GetHumanReadableSummary on the request', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:delegation-request/${ID}`;
    const e = await fail(server.iam(nobody).send(new GetHumanReadableSummaryCommand({ EntityArn: arn })));
    assert.deepEqual([e.name, e.status], ['AccessDenied', 403]);
    assert.match(e.message, new RegExp(`iam:GetHumanReadableSummary on resource: ${arn}`));
  });
});

describe('STS AssumeRoot and GetDelegatedAccessToken', () => {
  it('AssumeRoot: authorized on the target account’s root with sts:TaskPolicyArn, then refused: no organization', async () => {
    const allowed = await fail(
      server
        .sts(clerk)
        .send(new AssumeRootCommand({ TargetPrincipal: ACCOUNT, TaskPolicyArn: { arn: AUDIT } })),
    );
    assert.deepEqual([allowed.name, allowed.status], ['AccessDenied', 403]);
    assert.match(allowed.message, /no organization is associated with your account/);

    const otherTask = await fail(
      server.sts(clerk).send(
        new AssumeRootCommand({
          TargetPrincipal: `arn:aws:iam::${ACCOUNT}:root`,
          TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy' },
        }),
      ),
    );
    assert.match(
      otherTask.message,
      new RegExp(`not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::${ACCOUNT}:root`),
    );

    const denied = await fail(
      server
        .sts(nobody)
        .send(new AssumeRootCommand({ TargetPrincipal: '444455556666', TaskPolicyArn: { arn: AUDIT } })),
    );
    assert.match(
      denied.message,
      /not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::444455556666:root/,
    );
  });

  it('AssumeRoot: a duration over 900 seconds is the model’s validation error', async () => {
    const e = await fail(
      server.sts().send(
        new AssumeRootCommand({
          TargetPrincipal: '111122223333',
          TaskPolicyArn: { arn: AUDIT },
          DurationSeconds: 901,
        }),
      ),
    );
    assert.deepEqual([e.name, e.status], ['ValidationError', 400]);
  });

  it('GetDelegatedAccessToken: no trade-in token was ever issued', async () => {
    const e = await fail(
      server.sts().send(new GetDelegatedAccessTokenCommand({ TradeInToken: 'token-never-issued' })),
    );
    assert.deepEqual([e.name, e.status], ['ExpiredTradeInTokenException', 400]);
    assert.match(e.message, /can no longer be exchanged for credentials/);
    const denied = await fail(
      server.sts(nobody).send(new GetDelegatedAccessTokenCommand({ TradeInToken: 'x' })),
    );
    assert.match(denied.message, /not authorized to perform: sts:GetDelegatedAccessToken/);
  });
});
