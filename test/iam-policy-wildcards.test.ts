/**
 * Issue 9, finding 2 (catastrophic wildcard matching), through real clients against `pinpost start`
 * in its own process, so that a stalled server cannot stall the test's own clock: the reported
 * `SimulateCustomPolicy` (API_SimulateCustomPolicy.html) with a Resource of `identity/` + `*a`×12 +
 * `*c` answers correctly while `/_pinpost/health` keeps answering, and a session policy holding the
 * same pattern (API_AssumeRole.html, `Policy`) is evaluated on an ordinary SES request. With the
 * former backtracking matcher the simulation ran for minutes and health timed out; the guard
 * here is the generous test timeout, not a measured duration.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
  SimulateCustomPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { startCli, type Started } from './support/cli.js';
import { ROOT, type Credentials } from './support/server.js';

const ACCOUNT = '000000000000';
const IDENTITY = `arn:aws:ses:us-east-1:${ACCOUNT}:identity/`;
const EVIL = IDENTITY + '*a'.repeat(12) + '*c';
const NAME = 'a'.repeat(40);
const GUARD = { timeout: 60_000 };

let server: Started;
let url: string;

before(async () => {
  // No SES SMTP interface: its fixed default port may be taken by another server on this machine.
  server = await startCli(['--port', '0', '--data', ':memory:', '--smtp-port', '-1']);
  url = server.url;
}, GUARD);

after(async () => {
  if (server.child.exitCode !== null) return;
  server.child.kill('SIGKILL');
  await once(server.child, 'exit');
});

const config = (credentials: Credentials) => ({
  endpoint: url,
  region: 'us-east-1',
  credentials,
  maxAttempts: 1,
});

/** 1,000 statements, each with the reported pattern (and the last one the seed's own grant). */
function evilPolicy(statements: number): string {
  const Statement: object[] = [];
  for (let i = 0; i < statements; i++)
    Statement.push({ Effect: 'Allow', Action: 'ses:SendEmail', Resource: EVIL });
  return JSON.stringify({ Version: '2012-10-17', Statement });
}

it(
  'SimulateCustomPolicy with the reported Resource answers correctly, and health answers meanwhile',
  GUARD,
  async () => {
    const iam = new IAMClient(config(ROOT));
    const simulate = (name: string) =>
      iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [evilPolicy(1)],
          ActionNames: ['ses:SendEmail'],
          ResourceArns: [IDENTITY + name],
        }),
      );
    const pending = [simulate(NAME), simulate(NAME + 'c'), simulate(NAME), simulate(`b${NAME}c`)];
    const health = await fetch(`${url}/_pinpost/health`);
    assert.equal(health.status, 200);
    const decisions = (await Promise.all(pending)).map((o) => o.EvaluationResults?.[0].EvalDecision);
    // `*c` must end the name: only the names ending in `c` (with at least twelve `a` before) match.
    assert.deepEqual(decisions, ['implicitDeny', 'allowed', 'implicitDeny', 'allowed']);
  },
);

it('SimulateCustomPolicy: the pattern in every statement of a large policy answers', GUARD, async () => {
  const iam = new IAMClient(config(ROOT));
  // Inline role policies may hold 10,240 characters (reference_iam-quotas.html): as many statements as fit.
  let n = 1;
  while (evilPolicy(n + 1).replace(/\s/g, '').length <= 10_240) n++;
  const out = await iam.send(
    new SimulateCustomPolicyCommand({
      PolicyInputList: [evilPolicy(n)],
      ActionNames: ['ses:SendEmail'],
      ResourceArns: [IDENTITY + NAME.repeat(10), IDENTITY + NAME.repeat(10) + 'c'],
    }),
  );
  assert.deepEqual(
    out.EvaluationResults?.map((r) => r.EvalDecision),
    ['implicitDeny', 'allowed'],
  );
});

it('a session policy with the reported pattern is evaluated on an ordinary SES request', GUARD, async () => {
  const iam = new IAMClient(config(ROOT));
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'Reader',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'Reader',
      PolicyName: 'ses',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'ses:GetEmailIdentity', Resource: '*' }],
      }),
    }),
  );
  const sessionPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'ses:GetEmailIdentity', Resource: EVIL }],
  });
  // Roles are assumed by users, not by the account's root (API_AssumeRole.html).
  await iam.send(new CreateUserCommand({ UserName: 'caller' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'caller',
      PolicyName: 'assume',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/Reader` },
        ],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'caller' }))).AccessKey!;
  const user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  const assumed = await new STSClient(config(user)).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/Reader`,
      RoleSessionName: 'evil',
      Policy: sessionPolicy,
    }),
  );
  const c = assumed.Credentials!;
  const ses = new SESv2Client(
    config({
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken,
    }),
  );
  const denied = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: NAME })).catch((e: Error) => e);
  assert.ok(denied instanceof Error);
  assert.equal(denied.name, 'AccessDeniedException');
  assert.match(denied.message, /because no session policy allows the ses:GetEmailIdentity action/);
  const health = await fetch(`${url}/_pinpost/health`);
  assert.equal(health.status, 200);
  // Allowed by the session policy: past authorization, the identity simply does not exist.
  const missing = await ses
    .send(new GetEmailIdentityCommand({ EmailIdentity: `${NAME}c` }))
    .catch((e: Error) => e);
  assert.ok(missing instanceof Error);
  assert.equal(missing.name, 'NotFoundException');
});
