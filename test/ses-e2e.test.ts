/**
 * SES end to end through the SDK: an identity, a send under the seed's permissions (an IAM role's
 * session whose only policy is the seed permissions policy), delivery through the durable outbox
 * into the mailbox, read back through LocalStack's `GET /_aws/ses` shape, with its SES events.
 * (Pinpoint developerguide/permissions-ses.html; SES APIReference-V2/API_SendEmail.html.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateEmailIdentityCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { startTestServer } from './support/server.js';
import { seedPermissionsPolicy } from './fixtures/seed-policies.js';

const ACCOUNT = '000000000000';

interface Mailbox {
  messages: {
    Id: string;
    Region: string;
    Source: string;
    Destination: { ToAddresses: string[] };
    Subject: string;
    Body: { text_part: string | null; html_part: string | null };
    RawData: string;
  }[];
}

test('a role session with only the seed permissions sends through SES v2 and v1; the mail lands in the mailbox', async () => {
  const server = await startTestServer();
  try {
    await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
    await server.iam().send(
      new CreateRoleCommand({
        RoleName: 'Sender',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await server.iam().send(
      new PutRolePolicyCommand({
        RoleName: 'Sender',
        PolicyName: 'Seed',
        PolicyDocument: seedPermissionsPolicy(ACCOUNT),
      }),
    );
    // Root user credentials cannot call AssumeRole (API_AssumeRole.html): an IAM user allowed
    // sts:AssumeRole assumes the role, whose trust names the account and so delegates to the user.
    await server.iam().send(new CreateUserCommand({ UserName: 'caller' }));
    await server.iam().send(
      new PutUserPolicyCommand({
        UserName: 'caller',
        PolicyName: 'AssumeRoles',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
        }),
      }),
    );
    const key = (await server.iam().send(new CreateAccessKeyCommand({ UserName: 'caller' }))).AccessKey!;
    const caller = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const c = (
      await server
        .sts(caller)
        .send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Sender`, RoleSessionName: 'e2e' }),
        )
    ).Credentials!;
    const session = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };

    const sent = await server.sesv2(session).send(
      new SendEmailCommand({
        FromEmailAddress: 'Pinpost <news@example.com>',
        Destination: { ToAddresses: ['reader@example.org'] },
        Content: {
          Simple: {
            Subject: { Data: 'Grüße aus Pinpost' },
            Body: { Text: { Data: 'plain body' }, Html: { Data: '<p>html body</p>' } },
          },
        },
      }),
    );
    const raw = Buffer.from(
      'From: news@example.com\r\nTo: raw@example.org\r\nSubject: raw one\r\n\r\nraw body\r\n',
    );
    const sentRaw = await server.ses(session).send(new SendRawEmailCommand({ RawMessage: { Data: raw } }));
    await server.runtime.mail.drain();

    const box = (await (await fetch(`${server.url}/_aws/ses`)).json()) as Mailbox;
    const simple = box.messages.find((m) => m.Id === sent.MessageId);
    assert.ok(simple, `message ${sent.MessageId} in ${JSON.stringify(box.messages.map((m) => m.Id))}`);
    assert.equal(simple.Region, 'us-east-1');
    assert.equal(simple.Subject, 'Grüße aus Pinpost');
    assert.deepEqual(simple.Destination.ToAddresses, ['reader@example.org']);
    assert.match(simple.Body.text_part ?? '', /plain body/);
    assert.match(simple.Body.html_part ?? '', /html body/);
    assert.ok(box.messages.some((m) => m.Id === sentRaw.MessageId && m.Subject === 'raw one'));

    const byEmail = (await (await fetch(`${server.url}/_aws/ses?email=news@example.com`)).json()) as Mailbox;
    assert.equal(byEmail.messages.length, 2);
    const detail = (await (await fetch(`${server.url}/_pinpost/mailbox/${sent.MessageId}`)).json()) as {
      events: { eventType: string }[];
    };
    const types = detail.events.map((e) => e.eventType);
    assert.ok(types.includes('SEND') && types.includes('DELIVERY'), `events: ${types.join(',')}`);

    // Templated sends are not in the seed policy: denied with SES's AccessDenied, nothing queued.
    await assert.rejects(
      server.sesv2(session).send(
        new SendEmailCommand({
          FromEmailAddress: 'news@example.com',
          Destination: { ToAddresses: ['reader@example.org'] },
          Content: { Template: { TemplateName: 'Welcome', TemplateData: '{}' } },
        }),
      ),
      (e: Error) => e.name === 'AccessDeniedException' || e.name === 'NotFoundException',
    );
    await server.runtime.mail.drain();
    const after = (await (await fetch(`${server.url}/_aws/ses`)).json()) as Mailbox;
    assert.equal(after.messages.length, 2);
  } finally {
    await server.close();
  }
});
