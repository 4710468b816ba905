/**
 * What expires and slides with the one clock (issue 10, "A clock tests can move"): an STS session
 * ends once the clock passes its Expiration (ExpiredToken, as AWS would answer after that much
 * time) while calls the SDK signs with the real time keep working — SigV4's 15-minute window
 * compares the client's signing time with the real time; aws:CurrentTime in a policy follows the
 * clock; SES's 24-hour quota window (manage-sending-quotas.html: "the maximum number of emails you
 * can send in a 24-hour period") slides with it; and the outbox's retry comes exactly when the
 * clock reaches its backoff; a verification link (24 hours) expires with it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  ListRolesCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetSendQuotaCommand } from '@aws-sdk/client-ses';
import { CreateEmailIdentityCommand, GetEmailIdentityCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startSmtpSink, type SmtpSink } from './mail-smtp-sink.js';
import { startTestServer, type TestServer } from './support/server.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

describe('STS sessions and policy dates on the manual clock', () => {
  let server: TestServer;
  /** An IAM user allowed sts:AssumeRole (a root user may not assume roles). */
  let caller: { accessKeyId: string; secretAccessKey: string };
  before(async () => {
    server = await startTestServer({ clock: 'manual' });
    const iam = server.iam();
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'Short',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::000000000000:root' },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'caller' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'caller',
        PolicyName: 'assume',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
        }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'caller' }))).AccessKey!;
    caller = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  });
  after(() => server.close());

  const assume = async () => {
    const out = await server.sts(caller).send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::000000000000:role/Short',
        RoleSessionName: 'short',
        DurationSeconds: 900,
      }),
    );
    const c = out.Credentials!;
    return {
      expiration: c.Expiration!,
      creds: {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      },
    };
  };

  it('a session expires (ExpiredToken through the SDK) once the clock passes its Expiration; real-time signatures keep working', async () => {
    const issued = server.runtime.clock.now();
    const { expiration, creds } = await assume();
    assert.equal(Math.floor(expiration.getTime() / 1000), Math.floor(issued.getTime() / 1000) + 900);
    const identity = () => server.sts(creds).send(new GetCallerIdentityCommand({}));
    assert.match((await identity()).Arn!, /:assumed-role\/Short\/short$/);
    await server.advance(899);
    assert.match((await identity()).Arn!, /:assumed-role\/Short\/short$/, 'a second before its expiration');
    await server.advance(1);
    await assert.rejects(identity(), {
      name: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    });
    // A day later by the clock, the SDK still signs with the real time and its calls still work.
    await server.advance(DAY);
    assert.equal(
      (await server.sts().send(new GetCallerIdentityCommand({}))).Arn,
      'arn:aws:iam::000000000000:root',
    );
    const again = await assume();
    assert.equal(
      Math.floor(again.expiration.getTime() / 1000),
      Math.floor(server.runtime.clock.now().getTime() / 1000) + 900,
      'a new session is issued on the clock',
    );
    assert.match(
      (await server.sts(again.creds).send(new GetCallerIdentityCommand({}))).Arn!,
      /Short\/short$/,
    );
  });

  it("aws:CurrentTime follows the clock: a policy's DateLessThan stops allowing once the clock passes it", async () => {
    const until = new Date(server.runtime.clock.now().getTime() + HOUR * 1000).toISOString();
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'temp' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'temp',
        PolicyName: 'until',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:ListRoles',
              Resource: '*',
              Condition: { DateLessThan: { 'aws:CurrentTime': until } },
            },
          ],
        }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'temp' }))).AccessKey!;
    const temp = server.iam({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    assert.ok((await temp.send(new ListRolesCommand({}))).Roles);
    await server.advance(2 * HOUR);
    await assert.rejects(temp.send(new ListRolesCommand({})), { name: 'AccessDenied' });
  });
});

describe("SES's 24-hour quota on the manual clock", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ clock: 'manual', sesMax24HourSend: 2 });
    await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
  });
  after(() => server.close());

  const send = (to: string) =>
    server.sesv2().send(
      new SendEmailCommand({
        FromEmailAddress: 'news@example.com',
        Destination: { ToAddresses: [to] },
        Content: { Simple: { Subject: { Data: 'q' }, Body: { Text: { Data: 'q' } } } },
      }),
    );

  it('slides with the clock: the quota is free again exactly 24 hours after the sends', async () => {
    await send('a@example.org');
    await send('b@example.org');
    const exceeded = { name: 'TooManyRequestsException', message: 'Daily message quota exceeded.' };
    await assert.rejects(send('c@example.org'), exceeded);
    assert.equal((await server.ses().send(new GetSendQuotaCommand({}))).SentLast24Hours, 2);
    await server.advance(DAY - 1);
    await assert.rejects(send('c@example.org'), exceeded);
    await server.advance(1);
    assert.equal((await server.ses().send(new GetSendQuotaCommand({}))).SentLast24Hours, 0);
    await send('c@example.org');
    assert.equal((await server.ses().send(new GetSendQuotaCommand({}))).SentLast24Hours, 1);
  });
});

describe("the outbox's retries on the manual clock", () => {
  let server: TestServer;
  let sink: SmtpSink;
  before(async () => {
    sink = await startSmtpSink({ refuseFirst: 1, refuseWith: 451 });
    server = await startTestServer({ clock: 'manual', transport: 'smtp', smtpRelay: sink.url() });
    await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
  });
  after(async () => {
    await server.close();
    await sink.close();
  });

  it('a temporary failure is retried exactly when the clock reaches its backoff (1 s), delivered before the POST returns', async () => {
    const sent = await server.sesv2().send(
      new SendEmailCommand({
        FromEmailAddress: 'news@example.com',
        Destination: { ToAddresses: ['later@example.org'] },
        Content: { Simple: { Subject: { Data: 'retry' }, Body: { Text: { Data: 'r' } } } },
      }),
    );
    const t0 = await server.advance(0);
    const [first] = await server.runtime.mail.outboxState(sent.MessageId!);
    assert.deepEqual([first.status, first.attempts, sink.attempts], ['queued', 1, 1]);
    assert.equal(first.nextAttemptAt.getTime(), t0.getTime() + 1000, 'the backoff is on the clock');
    await server.advance(0.999);
    assert.equal(sink.attempts, 1, 'not yet due');
    const t1 = await server.advance(0.001);
    const [done] = await server.runtime.mail.outboxState(sent.MessageId!);
    assert.deepEqual([done.status, done.attempts, sink.received.length], ['delivered', 2, 1]);
    assert.equal(done.deliveredAt?.getTime(), t1.getTime());
  });
});

describe('SES verification links on the manual clock', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ clock: 'manual', sesVerification: 'email' });
  });
  after(() => server.close());

  /** The link in the verification mail to `address`, on this server. */
  async function linkTo(address: string): Promise<string> {
    const res = await fetch(`${server.url}/_aws/ses`);
    const mail = (
      (await res.json()) as {
        messages: { Destination: { ToAddresses: string[] }; Body: { text_part: string } }[];
      }
    ).messages.find((m) => m.Destination.ToAddresses.includes(address));
    const link = /https?:\/\/\S+\/_pinpost\/ses\/verify\S*/.exec(mail?.Body.text_part ?? '')?.[0];
    assert.ok(link, `a verification link in the mail to ${address}`);
    const u = new URL(link);
    return `${server.url}${u.pathname}${u.search}`;
  }
  const status = async (address: string) =>
    (await server.sesv2().send(new GetEmailIdentityCommand({ EmailIdentity: address }))).VerificationStatus;

  it('a link opened within 24 hours by the clock verifies; one opened after has expired', async () => {
    await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'late@example.com' }));
    await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'ontime@example.com' }));
    await server.advance(DAY);
    assert.equal(await status('late@example.com'), 'PENDING');
    assert.equal((await fetch(await linkTo('ontime@example.com'))).status, 200);
    assert.equal(await status('ontime@example.com'), 'SUCCESS');
    await server.advance(1);
    const late = await fetch(await linkTo('late@example.com'));
    assert.equal(late.status, 404);
    assert.match(await late.text(), /The verification link is invalid or has expired\./);
    assert.equal(await status('late@example.com'), 'FAILED', 'unverified 24 hours after its request');
  });
});
