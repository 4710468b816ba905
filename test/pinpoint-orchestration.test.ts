/**
 * The Orchestrator port (src/services/pinpoint/ports.ts) as campaigns use it, against a running
 * server: sessions under the channel's OrchestrationSendingRoleArn (assumed by
 * pinpoint.amazonaws.com with aws:SourceAccount and aws:SourceArn, developerguide/permissions-ses.html,
 * IAM confused-deputy.html), one per opened session (a run) and assumed anew at every open; the
 * delivery ledger (a key sent once is DUPLICATE after); the ledger row and the attribution
 * committed with SES's send, or not at all.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateAppCommand, UpdateEmailChannelCommand } from '@aws-sdk/client-pinpoint';
import { CreateEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import type {
  Attribution,
  EmailSession,
  EventLog,
  OutgoingEmail,
  Scope,
} from '../src/services/pinpoint/ports.js';
import { seedPermissionsPolicy, seedTrustPolicy } from './fixtures/seed-policies.js';
import { startTestServer, type TestServer } from './support/server.js';

const ACCOUNT = '000000000000';
const SCOPE: Scope = { account: ACCOUNT, region: 'us-east-1' };
const IDENTITY = `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`;
const appArn = (appId: string) => `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${appId}`;

let server: TestServer;
let seedRole: string;
const context = () => server.runtime.pinpoint.context;
const orchestrator = () => context().ports.orchestrator;
const stsSessions = () => server.runtime.sts.sessions.count();

async function mailCount(): Promise<number> {
  await server.runtime.mail.drain();
  const res = await fetch(`${server.url}/_aws/ses`);
  return ((await res.json()) as { messages: unknown[] }).messages.length;
}

async function role(name: string, trust: string): Promise<string> {
  const iam = server.iam();
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: name,
      PolicyName: 'send',
      PolicyDocument: seedPermissionsPolicy(ACCOUNT),
    }),
  );
  return `arn:aws:iam::${ACCOUNT}:role/${name}`;
}

async function app(roleArn: string | undefined, enabled = true): Promise<string> {
  const p = server.pinpoint();
  const appId = (await p.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'o' } })))
    .ApplicationResponse!.Id!;
  await channel(appId, roleArn, enabled);
  return appId;
}

const channel = (appId: string, roleArn: string | undefined, enabled = true) =>
  server.pinpoint().send(
    new UpdateEmailChannelCommand({
      ApplicationId: appId,
      EmailChannelRequest: {
        FromAddress: 'news@example.com',
        Identity: IDENTITY,
        OrchestrationSendingRoleArn: roleArn,
        Enabled: enabled,
      },
    }),
  );

async function session(appId: string, sourceArn = appArn(appId)): Promise<EmailSession> {
  const opened = await orchestrator().open(SCOPE, appId, sourceArn);
  assert.ok(opened.ok, JSON.stringify(opened));
  return opened.session;
}

const message = (appId: string, extra: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  to: 'reader@example.net',
  subject: 'Run',
  text: 'Hello',
  attribution: { appId, campaignId: 'c1', treatmentId: '0', runId: 'r1', endpointId: 'ep-1' },
  ...extra,
});

/** Replaces the event log's attribute() for one test (ports are read at call time). */
async function withAttribute(attribute: EventLog['attribute'], body: () => Promise<void>): Promise<void> {
  const events = context().ports.events;
  context().ports.events = { ...events, attribute };
  try {
    await body();
  } finally {
    context().ports.events = events;
  }
}

before(async () => {
  server = await startTestServer();
  await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
  seedRole = await role('PinpointSeed', seedTrustPolicy(ACCOUNT));
});
after(() => server.close());

describe('the delivery ledger', () => {
  test('the same ledgerKey twice: one mail, then DUPLICATE naming the first message', async () => {
    const appId = await app(seedRole);
    const s = await session(appId);
    const before = await mailCount();
    const first = await s.send(message(appId, { ledgerKey: 'c1/r1/0/ep-1' }));
    assert.equal(first.deliveryStatus, 'SUCCESSFUL');
    assert.equal(first.statusCode, 200);
    const second = await s.send(message(appId, { ledgerKey: 'c1/r1/0/ep-1' }));
    assert.equal(second.deliveryStatus, 'DUPLICATE');
    assert.equal(second.messageId, first.messageId);
    // Another session (a retried run after a restart) sees the same ledger.
    const again = await (await session(appId)).send(message(appId, { ledgerKey: 'c1/r1/0/ep-1' }));
    assert.equal(again.deliveryStatus, 'DUPLICATE');
    assert.equal(await mailCount(), before + 1);
    // Another key is another message.
    assert.equal((await s.send(message(appId, { ledgerKey: 'c1/r1/0/ep-2' }))).deliveryStatus, 'SUCCESSFUL');
  });

  test('attribution runs inside SES’s send transaction with the message id and who it was for', async () => {
    const appId = await app(seedRole);
    const seen: { scope: Scope; messageId: string; attribution: Attribution; inTransaction: boolean }[] = [];
    await withAttribute(
      async (scope, messageId, attribution) => {
        seen.push({ scope, messageId, attribution, inTransaction: context().db.inTransaction });
      },
      async () => {
        const out = await (await session(appId)).send(message(appId, { ledgerKey: 'attr-1' }));
        assert.equal(seen.length, 1);
        assert.equal(seen[0].messageId, out.messageId);
        assert.deepEqual(seen[0].scope, SCOPE);
        assert.equal(seen[0].inTransaction, true);
        assert.deepEqual(seen[0].attribution, {
          appId,
          campaignId: 'c1',
          treatmentId: '0',
          runId: 'r1',
          endpointId: 'ep-1',
          fromAddress: 'news@example.com',
        });
      },
    );
  });

  test('when the bookkeeping fails, SES’s send rolls back: no mail, no ledger row', async () => {
    const appId = await app(seedRole);
    const s = await session(appId);
    const before = await mailCount();
    await withAttribute(
      async () => {
        throw new Error('event log unavailable');
      },
      async () => {
        const out = await s.send(message(appId, { ledgerKey: 'rollback-1' }));
        assert.equal(out.deliveryStatus, 'UNKNOWN_FAILURE');
        assert.equal(out.messageId, undefined);
      },
    );
    assert.equal(await mailCount(), before);
    // The key was not recorded: the retry sends.
    assert.equal((await s.send(message(appId, { ledgerKey: 'rollback-1' }))).deliveryStatus, 'SUCCESSFUL');
    assert.equal(await mailCount(), before + 1);
  });
});

describe('role sessions', () => {
  test('one AssumeRole per opened session, whatever it sends; every open assumes the role anew', async () => {
    const appId = await app(seedRole);
    const start = await stsSessions();
    const s = await session(appId);
    for (let i = 0; i < 3; i++) assert.equal((await s.send(message(appId))).deliveryStatus, 'SUCCESSFUL');
    assert.equal(await stsSessions(), start + 1, 'the sends of one run share its session');
    await session(appId);
    assert.equal(await stsSessions(), start + 2, 'the next run assumes again');
    await session(appId, `${appArn(appId)}/campaigns/c1`);
    assert.equal(await stsSessions(), start + 3);
  });

  test('a trust policy edited between two runs: the second run cannot open, with STS’s text', async () => {
    const arn = await role('EditedTrust', seedTrustPolicy(ACCOUNT));
    const appId = await app(arn);
    assert.equal((await (await session(appId)).send(message(appId))).deliveryStatus, 'SUCCESSFUL');
    await server.iam().send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'EditedTrust',
        PolicyDocument: seedTrustPolicy('111122223333'),
      }),
    );
    const refused = await orchestrator().open(SCOPE, appId, appArn(appId));
    assert.ok(!refused.ok);
    assert.equal(refused.outcome.statusCode, 403);
    assert.equal(
      refused.outcome.statusMessage,
      `User: pinpoint.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
    );
  });

  test('aws:SourceArn reaches the trust policy: a role bound to one campaign refuses the app', async () => {
    const appId = await app(undefined);
    const campaign = `${appArn(appId)}/campaigns/spring`;
    const bound = await role(
      'CampaignBound',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'pinpoint.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': campaign } },
          },
        ],
      }),
    );
    await channel(appId, bound);
    const refused = await orchestrator().open(SCOPE, appId, appArn(appId));
    assert.ok(!refused.ok);
    const { deliveryStatus, statusCode, errorCode, statusMessage } = refused.outcome;
    assert.deepEqual([deliveryStatus, statusCode, errorCode], ['PERMANENT_FAILURE', 403, 'AccessDenied']);
    assert.match(
      statusMessage,
      new RegExp(
        `^User: pinpoint\\.amazonaws\\.com is not authorized to perform: sts:AssumeRole on resource: ${bound}`,
      ),
    );
    const s = await session(appId, campaign);
    assert.equal((await s.send(message(appId))).deliveryStatus, 'SUCCESSFUL');
  });

  test('the session sends as the role: the From address is the channel’s', async () => {
    const appId = await app(seedRole);
    const s = await session(appId);
    assert.equal(s.fromAddress, 'news@example.com');
  });
});

describe('sessions that cannot open', () => {
  test('an app that does not exist, a missing channel and a disabled one fail with a status, sending nothing', async () => {
    const missingApp = await orchestrator().open(SCOPE, '0123456789abcdef0123456789abcdef', appArn('x'));
    assert.deepEqual(missingApp, {
      ok: false,
      outcome: {
        deliveryStatus: 'PERMANENT_FAILURE',
        statusCode: 404,
        statusMessage: 'Application not found',
      },
    });
    const bare = (
      await server.pinpoint().send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'bare' } }))
    ).ApplicationResponse!.Id!;
    const noChannel = await orchestrator().open(SCOPE, bare, appArn(bare));
    assert.equal(noChannel.ok, false);
    assert.match(!noChannel.ok ? noChannel.outcome.statusMessage : '', /is not set up/);
    const disabledApp = await app(seedRole, false);
    const disabled = await orchestrator().open(SCOPE, disabledApp, appArn(disabledApp));
    assert.equal(disabled.ok, false);
    assert.match(!disabled.ok ? disabled.outcome.statusMessage : '', /is disabled/);
  });
});
