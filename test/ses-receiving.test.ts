/**
 * SES email receiving end to end (dg/receiving-email-concepts.html): mail handed to
 * `POST /_pinpost/ses/inbound` for a verified domain runs the active receipt rule set — rules in
 * order, recipient conditions, AddHeaderAction, S3Action under the import root, StopAction,
 * BounceAction through the outbox, SNS recorded as not performed, scan verdicts PASS — and lands in
 * the mailbox as received; unmatched recipients and blocked IP addresses are refused with nothing
 * written.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v1 from '@aws-sdk/client-ses';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
let root: string;
const scope = { account: '000000000000', region: 'us-east-1' };

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'pinpost-inbound-'));
  await mkdir(join(root, 'mail-bucket'));
  server = await startTestServer({}, { importRoot: root });
  const c = server.ses();
  await c.send(new v1.VerifyDomainIdentityCommand({ Domain: 'inbound.example' }));
  await c.send(new v1.CreateReceiptRuleSetCommand({ RuleSetName: 'main' }));
  // Created last-first: a rule created without After goes to the front.
  await c.send(
    new v1.CreateReceiptRuleCommand({
      RuleSetName: 'main',
      Rule: {
        Name: 'after-stop',
        Enabled: true,
        Actions: [{ AddHeaderAction: { HeaderName: 'X-Never', HeaderValue: '1' } }],
      },
    }),
  );
  await c.send(
    new v1.CreateReceiptRuleCommand({
      RuleSetName: 'main',
      Rule: {
        Name: 'store',
        Enabled: true,
        ScanEnabled: true,
        Recipients: ['inbound.example', '.inbound.example'],
        Actions: [
          { AddHeaderAction: { HeaderName: 'X-Received-By', HeaderValue: 'pinpost' } },
          { S3Action: { BucketName: 'mail-bucket', ObjectKeyPrefix: 'in/' } },
          { SNSAction: { TopicArn: 'arn:aws:sns:us-east-1:000000000000:inbound' } },
          { StopAction: { Scope: 'RuleSet' } },
        ],
      },
    }),
  );
  await c.send(
    new v1.CreateReceiptRuleCommand({
      RuleSetName: 'main',
      Rule: {
        Name: 'bounce-nobody',
        Enabled: true,
        Recipients: ['nobody@inbound.example'],
        Actions: [
          {
            BounceAction: {
              SmtpReplyCode: '550',
              StatusCode: '5.1.1',
              Message: 'Mailbox does not exist',
              Sender: 'mailer-daemon@inbound.example',
            },
          },
          { StopAction: { Scope: 'RuleSet' } },
        ],
      },
    }),
  );
  await c.send(
    new v1.CreateReceiptRuleCommand({
      RuleSetName: 'main',
      Rule: { Name: 'disabled', Enabled: false, Recipients: ['x@elsewhere.example'] },
    }),
  );
  await c.send(new v1.SetActiveReceiptRuleSetCommand({ RuleSetName: 'main' }));
});
after(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const message = (to: string, subject: string) =>
  `From: Sender <sender@outside.example>\r\nTo: ${to}\r\nSubject: ${subject}\r\n\r\nHello.\r\n`;

async function inbound(body: Record<string, unknown>) {
  const res = await fetch(`${server.url}/_pinpost/ses/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...scope, ...body }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function mailbox(query: string) {
  const res = await fetch(`${server.url}/_pinpost/mailbox?${query}`);
  return ((await res.json()) as { messages: Record<string, unknown>[] }).messages;
}

test('mail to a verified domain runs the active rule set: header added, S3 object written, SNS not performed, stop', async () => {
  const { status, body } = await inbound({
    from: 'sender@outside.example',
    to: ['user@inbound.example', 'stranger@elsewhere.example'],
    raw: message('user@inbound.example', 'first inbound'),
  });
  assert.equal(status, 200);
  assert.equal(body['ruleSet'], 'main');
  assert.deepEqual(body['recipients'], ['user@inbound.example']);
  assert.deepEqual(body['refused'], ['stranger@elsewhere.example']);
  assert.equal(body['stoppedBy'], 'store');
  const id = body['messageId'] as string;
  const key = `in/${id}`;
  assert.deepEqual(body['actions'], [
    { rule: 'store', action: 'AddHeaderAction', performed: true, detail: 'added `X-Received-By`' },
    { rule: 'store', action: 'S3Action', performed: true, detail: `wrote s3://mail-bucket/${key}` },
    {
      rule: 'store',
      action: 'SNSAction',
      performed: false,
      detail: 'not performed: Pinpost has no SNS to deliver to',
    },
    { rule: 'store', action: 'StopAction', performed: true, detail: 'stopped the rule set' },
  ]);
  assert.deepEqual(body['verdicts'], {
    SpamVerdict: { status: 'PASS' },
    VirusVerdict: { status: 'PASS' },
    SPFVerdict: { status: 'PASS' },
    DKIMVerdict: { status: 'PASS' },
    DMARCVerdict: { status: 'PASS' },
  });

  const stored = await readFile(join(root, 'mail-bucket', 'in', id), 'utf8');
  assert.match(stored, /^X-Received-By: pinpost\r\nFrom: Sender <sender@outside\.example>/);
  assert.doesNotMatch(stored, /X-Never/);

  const listed = await mailbox('subject=first%20inbound');
  assert.equal(listed.length, 1);
  assert.equal(listed[0]['id'], id);
  assert.equal(listed[0]['direction'], 'received');
  assert.equal(listed[0]['status'], 'delivered');
  assert.equal(listed[0]['source'], 'sender@outside.example');
});

test('a subdomain recipient matches `.inbound.example`; the rule order decides which rule runs first', async () => {
  const { status, body } = await inbound({
    from: 'sender@outside.example',
    to: ['someone@team.inbound.example'],
    raw: message('someone@team.inbound.example', 'subdomain inbound'),
  });
  assert.equal(status, 200);
  assert.deepEqual(body['recipients'], ['someone@team.inbound.example']);
  assert.equal(body['stoppedBy'], 'store');
});

test('a BounceAction sends a bounce from its Sender to the envelope sender through the outbox', async () => {
  const { status, body } = await inbound({
    from: 'sender@outside.example',
    to: ['nobody@inbound.example'],
    raw: message('nobody@inbound.example', 'to nobody'),
  });
  assert.equal(status, 200);
  const actions = body['actions'] as { rule: string; action: string; performed: boolean }[];
  assert.deepEqual(
    actions.map((a) => [a.rule, a.action, a.performed]),
    [
      ['bounce-nobody', 'BounceAction', true],
      ['bounce-nobody', 'StopAction', true],
    ],
  );
  const bounces = await mailbox('from=mailer-daemon%40inbound.example');
  assert.equal(bounces.length, 1);
  assert.deepEqual(bounces[0]['to'], ['sender@outside.example']);
  assert.equal(bounces[0]['direction'], 'sent');
  const eml = await (await fetch(`${server.url}${bounces[0]['eml'] as string}`)).text();
  assert.match(eml, /550 5\.1\.1 Mailbox does not exist/);
});

test('no recipient the account receives for: 403, nothing in the mailbox or the bucket', async () => {
  const before = await readdir(join(root, 'mail-bucket', 'in'));
  const { status, body } = await inbound({
    from: 'sender@outside.example',
    to: ['x@elsewhere.example'],
    raw: message('x@elsewhere.example', 'not ours'),
  });
  assert.equal(status, 403);
  assert.deepEqual(body['refused'], ['x@elsewhere.example']);
  assert.deepEqual(await mailbox('subject=not%20ours'), []);
  assert.deepEqual(await readdir(join(root, 'mail-bucket', 'in')), before);
});

test('an IP filter blocks a sender unless an Allow filter covers it too', async () => {
  const c = server.ses();
  await c.send(
    new v1.CreateReceiptFilterCommand({
      Filter: { Name: 'block', IpFilter: { Policy: 'Block', Cidr: '198.51.100.0/24' } },
    }),
  );
  await c.send(
    new v1.CreateReceiptFilterCommand({
      Filter: { Name: 'allow', IpFilter: { Policy: 'Allow', Cidr: '198.51.100.7' } },
    }),
  );
  const blocked = await inbound({
    from: 'sender@outside.example',
    to: ['user@inbound.example'],
    raw: message('user@inbound.example', 'blocked ip'),
    sourceIp: '198.51.100.9',
  });
  assert.equal(blocked.status, 403);
  assert.match(blocked.body['message'] as string, /`198\.51\.100\.9`.*`block`/);
  assert.deepEqual(await mailbox('subject=blocked%20ip'), []);
  const allowed = await inbound({
    from: 'sender@outside.example',
    to: ['user@inbound.example'],
    raw: message('user@inbound.example', 'allowed ip'),
    sourceIp: '198.51.100.7',
  });
  assert.equal(allowed.status, 200);
  await c.send(new v1.DeleteReceiptFilterCommand({ FilterName: 'block' }));
  await c.send(new v1.DeleteReceiptFilterCommand({ FilterName: 'allow' }));
});

test('TlsPolicy Require refuses to run the rule for mail that did not arrive over TLS', async () => {
  const c = server.ses();
  await c.send(
    new v1.CreateReceiptRuleCommand({
      RuleSetName: 'main',
      Rule: { Name: 'tls-only', Enabled: true, TlsPolicy: 'Require', Recipients: ['secure@inbound.example'] },
    }),
  );
  const plain = await inbound({
    from: 'sender@outside.example',
    to: ['secure@inbound.example'],
    raw: message('secure@inbound.example', 'plain'),
  });
  assert.equal(plain.status, 200);
  assert.deepEqual(
    (plain.body['actions'] as { action: string; performed: boolean }[]).map((a) => [a.action, a.performed]),
    [['TlsPolicy', false]],
  );
  const secure = await inbound({
    from: 'sender@outside.example',
    to: ['secure@inbound.example'],
    raw: message('secure@inbound.example', 'secure'),
    tls: true,
  });
  assert.equal(secure.body['stoppedBy'], 'store');
  await c.send(new v1.DeleteReceiptRuleCommand({ RuleSetName: 'main', RuleName: 'tls-only' }));
});

test('with no active rule set nothing is received; bad bodies are 400', async () => {
  const c = server.ses();
  await c.send(new v1.SetActiveReceiptRuleSetCommand({}));
  const none = await inbound({
    from: 'sender@outside.example',
    to: ['user@inbound.example'],
    raw: message('user@inbound.example', 'inactive'),
  });
  assert.equal(none.status, 403);
  assert.deepEqual(await mailbox('subject=inactive'), []);
  await c.send(new v1.SetActiveReceiptRuleSetCommand({ RuleSetName: 'main' }));
  assert.equal((await inbound({ from: 'nope', to: ['user@inbound.example'], raw: 'x' })).status, 400);
  assert.equal((await inbound({ from: 'a@b.example', to: [], raw: 'x' })).status, 400);
  const get = await fetch(`${server.url}/_pinpost/ses/inbound`);
  assert.equal(get.status, 405);
});

test('SendBounce bounces received mail from a verified sender as a DSN; unverified senders and unknown messages are MessageRejected', async () => {
  const c = server.ses();
  const received = await inbound({
    from: 'writer@outside.example',
    to: ['user@inbound.example'],
    raw: message('user@inbound.example', 'to be bounced'),
  });
  const original = received.body['messageId'] as string;

  const unverified = await fail(
    c.send(
      new v1.SendBounceCommand({
        OriginalMessageId: original,
        BounceSender: 'postmaster@unverified.example',
        BouncedRecipientInfoList: [{ Recipient: 'user@inbound.example', BounceType: 'DoesNotExist' }],
      }),
    ),
  );
  assert.deepEqual(unverified, {
    name: 'MessageRejected',
    message:
      'Email address is not verified. The following identities failed the check in region US-EAST-1: postmaster@unverified.example',
    status: 400,
  });
  const unknown = await fail(
    c.send(
      new v1.SendBounceCommand({
        OriginalMessageId: 'not-a-received-message',
        BounceSender: 'postmaster@inbound.example',
        BouncedRecipientInfoList: [{ Recipient: 'user@inbound.example', BounceType: 'DoesNotExist' }],
      }),
    ),
  );
  assert.equal(unknown.name, 'MessageRejected');
  assert.deepEqual(await mailbox('from=postmaster%40unverified.example'), []);

  const sent = await c.send(
    new v1.SendBounceCommand({
      OriginalMessageId: original,
      BounceSender: 'postmaster@inbound.example',
      Explanation: 'No such user here.',
      MessageDsn: { ReportingMta: 'mx.inbound.example' },
      BouncedRecipientInfoList: [{ Recipient: 'user@inbound.example', BounceType: 'DoesNotExist' }],
    }),
  );
  assert.ok(sent.MessageId);
  const bounces = await mailbox('from=postmaster%40inbound.example');
  assert.equal(bounces.length, 1);
  assert.equal(bounces[0]['id'], sent.MessageId);
  assert.deepEqual(bounces[0]['to'], ['writer@outside.example']);
  const eml = await (await fetch(`${server.url}${bounces[0]['eml'] as string}`)).text();
  assert.match(eml, /No such user here\./);
  assert.match(eml, /message\/delivery-status/);
  assert.match(eml, /Reporting-MTA: dns; mx\.inbound\.example/);
  assert.match(eml, /Final-Recipient: rfc822; user@inbound\.example\r\nAction: failed\r\nStatus: 5\.1\.1/);
});
