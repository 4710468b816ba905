/**
 * A server killed mid-campaign (SIGKILL on a real server process over a file database, while the
 * activity shows progress) and started again on the same data finishes the campaign, and each
 * endpoint gets its mail exactly once: progress is committed per batch, and the resends of the
 * batch in flight are answered DUPLICATE by the delivery ledger.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CreateCampaignCommand,
  GetCampaignActivitiesCommand,
  type ActivityResponse,
} from '@aws-sdk/client-pinpoint';
import { campaignApp, reader, role, verifiedIdentity, type Mail } from './pinpoint-campaigns-setup.js';
import { clientsOf, poll, startPinpost } from './support/process.js';

const ENDPOINTS = 1200;

/** `pinpost start` on `data`, 300 messages a second: the run takes seconds, long enough to be killed. */
const start = (data: string) => startPinpost(data, ['--ses-max-send-rate', '300', '--smtp-port', '-1']);

const clients = clientsOf;

async function activity(
  url: string,
  appId: string,
  campaignId: string,
): Promise<ActivityResponse | undefined> {
  const out = await clients(url)
    .pinpoint()
    .send(new GetCampaignActivitiesCommand({ ApplicationId: appId, CampaignId: campaignId }));
  return out.ActivitiesResponse?.Item?.[0];
}

test('a server killed mid-campaign resumes it after a restart; each endpoint gets exactly one mail', async () => {
  const data = mkdtempSync(join(tmpdir(), 'pinpost-campaign-restart-'));
  let server = await start(data);
  try {
    const first = clients(server.url);
    await verifiedIdentity(first);
    const roleArn = await role(first, 'PinpointSeed');
    const endpoints = Array.from({ length: ENDPOINTS }, (_, i) => reader('r', i));
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
    const progress = await poll('progress shown', async () => {
      const a = await activity(server.url, appId, campaignId);
      const n = a?.SuccessfulEndpointCount ?? 0;
      return a?.State === 'RUNNING' && n > 0 && n < ENDPOINTS ? a : undefined;
    });
    server.child.kill('SIGKILL');
    await once(server.child, 'exit');

    server = await start(data);
    const done = await poll('COMPLETED after the restart', async () => {
      const a = await activity(server.url, appId, campaignId);
      return a?.State === 'COMPLETED' ? a : undefined;
    });
    assert.equal(done.Id, progress.Id, 'the same activity, resumed');
    assert.equal(done.Result, 'SUCCESS');
    assert.equal(done.TotalEndpointCount, ENDPOINTS);
    assert.equal(done.SuccessfulEndpointCount, ENDPOINTS);
    const mails = await poll('every mail captured', async () => {
      const res = await fetch(`${server.url}/_aws/ses`);
      const all = ((await res.json()) as { messages: Mail[] }).messages;
      return all.length >= ENDPOINTS ? all : undefined;
    });
    const perAddress = new Map<string, number>();
    for (const m of mails)
      for (const to of m.Destination.ToAddresses) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    assert.equal(perAddress.size, ENDPOINTS);
    assert.deepEqual([...new Set(perAddress.values())], [1], 'exactly one mail per endpoint');
  } finally {
    server.child.kill('SIGKILL');
    rmSync(data, { recursive: true, force: true });
  }
});
