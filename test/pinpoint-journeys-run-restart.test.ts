/**
 * A server killed mid-journey (SIGKILL on a real `pinpost start` over a file database, while the
 * first EMAIL activity shows progress) and started again on the same data finishes the journey,
 * and each endpoint gets each activity's message exactly once: places and counters commit per
 * batch, and the resends of the batch in flight are answered DUPLICATE by the delivery ledger
 * (key journey/run/entry/activity/endpoint, written in SES's send transaction).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CreateEmailTemplateCommand,
  CreateJourneyCommand,
  GetJourneyCommand,
  GetJourneyExecutionActivityMetricsCommand,
} from '@aws-sdk/client-pinpoint';
import { campaignApp, reader, role, verifiedIdentity, type Mail } from './pinpoint-campaigns-setup.js';
import { clientsOf, poll, startPinpost } from './support/process.js';

const ENDPOINTS = 1200;

const start = (data: string) => startPinpost(data, ['--ses-max-send-rate', '300', '--smtp-port', '-1']);

const clients = clientsOf;

const sent = async (url: string, appId: string, journeyId: string) => {
  const out = await clients(url)
    .pinpoint()
    .send(
      new GetJourneyExecutionActivityMetricsCommand({
        ApplicationId: appId,
        JourneyId: journeyId,
        JourneyActivityId: 'first',
      }),
    );
  return Number(out.JourneyExecutionActivityMetricsResponse?.Metrics?.SUCCESS ?? 0);
};

test('a server killed mid-journey resumes it after a restart; each endpoint gets each message exactly once', async () => {
  const data = mkdtempSync(join(tmpdir(), 'pinpost-journey-restart-'));
  let server = await start(data);
  try {
    const first = clients(server.url);
    await verifiedIdentity(first);
    const roleArn = await role(first, 'PinpointSeed');
    for (const [name, subject] of [
      ['first', 'One'],
      ['second', 'Two'],
    ])
      await first.pinpoint().send(
        new CreateEmailTemplateCommand({
          TemplateName: name,
          EmailTemplateRequest: { Subject: subject, HtmlPart: `<p>${subject}</p>` },
        }),
      );
    const endpoints = Array.from({ length: ENDPOINTS }, (_, i) => reader('j', i));
    const { appId, segmentId } = await campaignApp(first, roleArn, endpoints);
    const out = await first.pinpoint().send(
      new CreateJourneyCommand({
        ApplicationId: appId,
        WriteJourneyRequest: {
          Name: 'restart',
          State: 'ACTIVE',
          StartActivity: 'first',
          StartCondition: { SegmentStartCondition: { SegmentId: segmentId } },
          Activities: {
            first: { EMAIL: { TemplateName: 'first', NextActivity: 'pause' } },
            pause: { Wait: { WaitTime: { WaitFor: 'PT1S' }, NextActivity: 'second' } },
            second: { EMAIL: { TemplateName: 'second' } },
          },
        },
      }),
    );
    const journeyId = out.JourneyResponse!.Id!;
    await poll('progress shown', async () => {
      const n = await sent(server.url, appId, journeyId);
      return n > 0 && n < ENDPOINTS ? n : undefined;
    });
    server.child.kill('SIGKILL');
    await once(server.child, 'exit');

    server = await start(data);
    await poll('COMPLETED after the restart', async () => {
      const j = await clients(server.url)
        .pinpoint()
        .send(new GetJourneyCommand({ ApplicationId: appId, JourneyId: journeyId }));
      return j.JourneyResponse?.State === 'COMPLETED' ? true : undefined;
    });
    assert.equal(await sent(server.url, appId, journeyId), ENDPOINTS);
    const mails = await poll('every mail captured', async () => {
      const res = await fetch(`${server.url}/_aws/ses`);
      const all = ((await res.json()) as { messages: Mail[] }).messages;
      return all.length >= 2 * ENDPOINTS ? all : undefined;
    });
    const per = new Map<string, string[]>();
    for (const m of mails)
      for (const to of m.Destination.ToAddresses) per.set(to, [...(per.get(to) ?? []), m.Subject]);
    assert.equal(per.size, ENDPOINTS);
    for (const [to, list] of per) assert.deepEqual(list.sort(), ['One', 'Two'], to);
  } finally {
    server.child.kill('SIGKILL');
    rmSync(data, { recursive: true, force: true });
  }
});
