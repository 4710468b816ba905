/**
 * Three `pinpost start` processes on one PostgreSQL database serve as one Pinpost (issue 12): state
 * made through one is read through another; a campaign of several thousand endpoints runs while one
 * process is SIGKILLed; every endpoint gets exactly one mail; the survivors both did part of the
 * work (their own metrics say so); the killed process restarts and joins.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { CreateUserCommand, GetUserCommand } from '@aws-sdk/client-iam';
import {
  CreateEmailIdentityCommand,
  DeleteEmailIdentityCommand,
  PutAccountSendingAttributesCommand,
  SendEmailCommand,
} from '@aws-sdk/client-sesv2';
import {
  CreateCampaignCommand,
  GetCampaignActivitiesCommand,
  type ActivityResponse,
} from '@aws-sdk/client-pinpoint';
import { campaignApp, reader, role, verifiedIdentity, type Mail } from '../pinpoint-campaigns-setup.js';
import { startCli, type Started } from '../support/cli.js';
import { scratchDatabase, type ScratchDatabase } from '../support/postgres.js';
import { clientsOf, poll } from '../support/process.js';
import { parseExposition } from '../support/prometheus.js';

const ENDPOINTS = 3000;

let database: ScratchDatabase;
const processes: (Started | undefined)[] = [];

const start = (data: string) =>
  startCli(['--port', '0', '--data', data, '--ses-max-send-rate', '400', '--smtp-port', '-1']);

const clients = clientsOf;

/** The sum of a counter's samples (all label sets) in a process's own metrics. */
async function counter(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${url}/_pinpost/metrics`)).text();
  return parseExposition(text)
    .samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

before(async () => {
  database = await scratchDatabase('cluster');
  // One after the other: the first applies the migrations under the lock, the others find them done.
  for (let i = 0; i < 3; i++) processes.push(await start(database.url));
});

after(async () => {
  for (const p of processes) p?.child.kill('SIGKILL');
  await Promise.all(processes.map((p) => (p ? once(p.child, 'close').catch(() => undefined) : undefined)));
  await database.drop();
});

test('state made through one process is read through the others', async () => {
  const [a, b, c] = processes.map((p) => clients(p!.url));
  await a!.iam().send(new CreateUserCommand({ UserName: 'shared-alice' }));
  for (const other of [b!, c!]) {
    const got = await other.iam().send(new GetUserCommand({ UserName: 'shared-alice' }));
    assert.equal(got.User?.Arn, 'arn:aws:iam::000000000000:user/shared-alice');
  }
});

test('an SES identity or account written through one process rules the next send through another', async () => {
  const [a, b] = processes.map((p) => clients(p!.url));
  const send = () =>
    b!.sesv2().send(
      new SendEmailCommand({
        FromEmailAddress: 'news@generation.example',
        // The mailbox simulator: nothing lands in the mailbox the campaign test counts.
        Destination: { ToAddresses: ['success@simulator.amazonses.com'] },
        Content: { Simple: { Subject: { Data: 'hi' }, Body: { Text: { Data: 'hi' } } } },
      }),
    );
  // b looks the sender up (and keeps what it found, for as long as nothing is written).
  await assert.rejects(send(), { name: 'MessageRejected' });
  await a!.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'generation.example' }));
  assert.ok((await send()).MessageId);
  await a!.sesv2().send(new PutAccountSendingAttributesCommand({ SendingEnabled: false }));
  await assert.rejects(send(), { name: 'SendingPausedException' });
  await a!.sesv2().send(new PutAccountSendingAttributesCommand({ SendingEnabled: true }));
  await a!.sesv2().send(new DeleteEmailIdentityCommand({ EmailIdentity: 'generation.example' }));
  await assert.rejects(send(), { name: 'MessageRejected' });
});

test('a campaign survives a SIGKILLed process: one mail per endpoint, work spread over the survivors, the killed one rejoins', async () => {
  const first = clients(processes[0]!.url);
  await verifiedIdentity(first);
  const roleArn = await role(first, 'PinpointSeed');
  const endpoints = Array.from({ length: ENDPOINTS }, (_, i) => reader('c', i));
  const { appId, segmentId } = await campaignApp(first, roleArn, endpoints);
  const out = await first.pinpoint().send(
    new CreateCampaignCommand({
      ApplicationId: appId,
      WriteCampaignRequest: {
        SegmentId: segmentId,
        Schedule: { StartTime: 'IMMEDIATE' },
        MessageConfiguration: {
          EmailMessage: { Title: 'Hi {{User.UserAttributes.FirstName}}', HtmlBody: '<p>Hi</p>' },
        },
      },
    }),
  );
  const campaignId = out.CampaignResponse!.Id!;
  const activity = async (url: string): Promise<ActivityResponse | undefined> =>
    (
      await clients(url)
        .pinpoint()
        .send(new GetCampaignActivitiesCommand({ ApplicationId: appId, CampaignId: campaignId }))
    ).ActivitiesResponse?.Item?.[0];

  // Killed once it has sent part of the campaign itself (its own metrics), mid-run.
  const victim = processes[2]!;
  await poll('the third process sending', async () =>
    (await counter(victim.url, 'pinpost_messages_sent_total')) > 0 ? true : undefined,
  );
  victim.child.kill('SIGKILL');
  await once(victim.child, 'close');
  processes[2] = undefined;

  const done = await poll(
    'COMPLETED after the kill',
    async () => {
      const a = await activity(processes[1]!.url);
      return a?.State === 'COMPLETED' ? a : undefined;
    },
    4800,
  );
  assert.equal(done.Result, 'SUCCESS');
  assert.equal(done.TotalEndpointCount, ENDPOINTS);
  assert.equal(done.SuccessfulEndpointCount, ENDPOINTS);

  const mails = await poll('every mail captured', async () => {
    const all = ((await (await fetch(`${processes[1]!.url}/_aws/ses`)).json()) as { messages: Mail[] })
      .messages;
    return all.length >= ENDPOINTS ? all : undefined;
  });
  const perAddress = new Map<string, number>();
  for (const m of mails)
    for (const to of m.Destination.ToAddresses) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
  assert.equal(perAddress.size, ENDPOINTS);
  assert.deepEqual([...new Set(perAddress.values())], [1], 'exactly one mail per endpoint');

  for (const survivor of processes.slice(0, 2)) {
    const sent = await counter(survivor!.url, 'pinpost_messages_sent_total');
    assert.ok(sent > 0, `${survivor!.url} sent part of the campaign (${sent})`);
  }
  const takeovers =
    (await counter(processes[0]!.url, 'pinpost_job_lease_takeovers_total')) +
    (await counter(processes[1]!.url, 'pinpost_job_lease_takeovers_total'));
  assert.ok(takeovers > 0, 'the killed process’s leased work was taken over');

  // Restarted, it joins: it answers from the shared store at once.
  processes[2] = await start(database.url);
  const again = await activity(processes[2].url);
  assert.equal(again?.State, 'COMPLETED');
  assert.equal(again?.SuccessfulEndpointCount, ENDPOINTS);
});
