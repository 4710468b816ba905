/**
 * Quotas and statistics with the harness's clock (no sleeping): the maximum send rate and the
 * 24-hour quota with SES's throttling errors, GetSendQuota, GetSendStatistics in 15-minute points.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  GetSendQuotaCommand,
  GetSendStatisticsCommand,
  SendEmailCommand as V1SendEmail,
} from '@aws-sdk/client-ses';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { startSesHarness, type SesHarness } from './support/ses-fakes.js';

let h: SesHarness;
before(async () => {
  h = await startSesHarness();
  h.control.identity('example.com');
});
after(() => h.close());
beforeEach(() => {
  // A day later each time: yesterday's sends leave the 24-hour window, the rate bucket refills.
  h.now.value = new Date(h.now.value.getTime() + 2 * 86_400_000);
});

const v2 = (to: string[]) =>
  h.sesv2().send(
    new SendEmailCommand({
      FromEmailAddress: 'sender@example.com',
      Destination: { ToAddresses: to },
      Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
    }),
  );
const v1 = (to: string[]) =>
  h.ses().send(
    new V1SendEmail({
      Source: 'sender@example.com',
      Destination: { ToAddresses: to },
      Message: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } },
    }),
  );
const tick = (ms: number) => (h.now.value = new Date(h.now.value.getTime() + ms));

describe('maximum send rate', () => {
  it('lets a send through while any rate is left, then throttles until it refills', async () => {
    h.control.account = { ...h.control.account, maxSendRate: 1, max24HourSend: 1000 };
    await v2(['a@x.org', 'b@x.org', 'c@x.org']);
    await assert.rejects(v2(['d@x.org']), (e: Error & { $metadata: { httpStatusCode?: number } }) => {
      assert.equal(e.name, 'TooManyRequestsException');
      assert.equal(e.message, 'Maximum sending rate exceeded.');
      assert.equal(e.$metadata.httpStatusCode, 429);
      return true;
    });
    tick(1500);
    await assert.rejects(v1(['d@x.org']), { name: 'Throttling', message: 'Maximum sending rate exceeded.' });
    tick(1500);
    await v1(['d@x.org']);
  });
});

describe('24-hour quota', () => {
  it('answers Daily message quota exceeded once the quota is used, and counts again after 24 hours', async () => {
    h.control.account = { ...h.control.account, maxSendRate: 1000, max24HourSend: 3 };
    await v1(['a@x.org', 'b@x.org']);
    await v1(['c@x.org', 'd@x.org']);
    await assert.rejects(v1(['e@x.org']), { name: 'Throttling', message: 'Daily message quota exceeded.' });
    await assert.rejects(v2(['e@x.org']), {
      name: 'TooManyRequestsException',
      message: 'Daily message quota exceeded.',
    });
    const quota = await h.ses().send(new GetSendQuotaCommand({}));
    assert.deepEqual([quota.Max24HourSend, quota.MaxSendRate, quota.SentLast24Hours], [3, 1000, 4]);
    tick(86_400_001);
    await v1(['e@x.org']);
  });

  it('does not count the mailbox simulator', async () => {
    h.control.account = { ...h.control.account, maxSendRate: 1000, max24HourSend: 1 };
    await v2(['success@simulator.amazonses.com', 'bounce@simulator.amazonses.com']);
    await v2(['success@simulator.amazonses.com']);
    const quota = await h.ses().send(new GetSendQuotaCommand({}));
    assert.equal(quota.SentLast24Hours, 0);
  });
});

describe('GetSendStatistics', () => {
  it('reports delivery attempts, bounces and complaints in 15-minute points', async () => {
    h.control.account = { ...h.control.account, maxSendRate: 1000, max24HourSend: 1000 };
    h.control.suppressed.set('gone@x.org', { reason: 'BOUNCE', lastUpdateTime: new Date() });
    const start = h.now.value.getTime();
    const bucket = Math.floor(start / 900_000) * 900_000;
    await v2(['a@x.org', 'gone@x.org']);
    tick(900_000);
    await v2(['b@x.org']);
    const stats = await h.ses().send(new GetSendStatisticsCommand({}));
    const points = stats.SendDataPoints!.filter((p) => p.Timestamp!.getTime() >= bucket);
    assert.deepEqual(
      points.map((p) => [
        p.Timestamp!.getTime() - bucket,
        p.DeliveryAttempts,
        p.Bounces,
        p.Complaints,
        p.Rejects,
      ]),
      [
        [0, 2, 1, 0, 0],
        [900_000, 1, 0, 0, 0],
      ],
    );
  });
});
