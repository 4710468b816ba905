/**
 * A Pinpoint journey to N endpoints (100,000; BENCH_ENDPOINTS sets it) on `--clock manual`: EMAIL →
 * Wait P1D → ConditionalSplit on the first EMAIL's `_email.open` → EMAIL, so every endpoint gets two
 * messages. Measured from CreateJourney (State ACTIVE) through the clock's moves (`POST
 * /_pinpost/clock` answers once everything due has run) until the mailbox holds all 2N delivered,
 * as messages per second; divided by the campaign bench's messages per second (bench/pinpoint.bench.ts),
 * measured in the same run on a server of its own. Target: ≥ 0.8.
 */
import { CreateJourneyCommand } from '@aws-sdk/client-pinpoint';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, printTable } from './measure.js';
import { runCampaign } from './pinpoint.bench.js';
import { allCaptured, benchEndpoints, benchServer, captured, seedApp, TEMPLATE } from './pinpoint-setup.js';
import type { Child } from './processes.js';

const DAY = 86_400;

/**
 * `POST /_pinpost/clock` `{"advanceSeconds": s}` with no client timeout: an advance answers once
 * 100,000 endpoints' due work has run, longer than fetch's five-minute headers timeout.
 */
function advance(url: string, seconds: number): Promise<void> {
  const body = JSON.stringify({ advanceSeconds: seconds });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/_pinpost/clock`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve()
            : reject(new Error(`POST /_pinpost/clock answered ${res.statusCode}: ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface JourneyRun {
  ms: number;
  /** Seconds at each step: the first EMAIL's advance, the Wait's and split's advance, all captured. */
  steps: [string, number][];
}

async function runJourney(url: string, n: number): Promise<JourneyRun> {
  const { pinpoint, appId, segmentId } = await seedApp(url, n);
  const start = performance.now();
  const at = () => (performance.now() - start) / 1000;
  const steps: [string, number][] = [];
  await pinpoint.send(
    new CreateJourneyCommand({
      ApplicationId: appId,
      WriteJourneyRequest: {
        Name: 'bench',
        State: 'ACTIVE',
        StartActivity: 'first',
        StartCondition: { SegmentStartCondition: { SegmentId: segmentId } },
        // The campaign bench sets no pace; the journey gets the highest Limits.MessagesPerSecond.
        Limits: { MessagesPerSecond: 20_000 },
        Activities: {
          first: { EMAIL: { TemplateName: TEMPLATE, NextActivity: 'wait' } },
          wait: { Wait: { WaitTime: { WaitFor: 'P1D' }, NextActivity: 'opened' } },
          opened: {
            ConditionalSplit: {
              Condition: {
                Conditions: [
                  {
                    EventCondition: {
                      Dimensions: { EventType: { DimensionType: 'INCLUSIVE', Values: ['_email.open'] } },
                      MessageActivity: 'first',
                    },
                  },
                ],
              },
              EvaluationWaitTime: { WaitFor: 'PT1H' },
              TrueActivity: 'second',
              FalseActivity: 'second',
            },
          },
          second: { EMAIL: { TemplateName: TEMPLATE } },
        },
      },
    }),
  );
  await advance(url, 0);
  steps.push(['first EMAIL (advance 0 returned)', at()]);
  if (process.env.BENCH_DEBUG) console.log(steps[steps.length - 1], await captured(url));
  await advance(url, DAY + 3600);
  steps.push(['Wait + split + second EMAIL (advance 25 h returned)', at()]);
  if (process.env.BENCH_DEBUG) console.log(steps[steps.length - 1], await captured(url));
  await allCaptured(url, 2 * n);
  steps.push(['all 2N captured', at()]);
  return { ms: performance.now() - start, steps };
}

export async function journeysBench(): Promise<void> {
  const n = benchEndpoints();
  const started: Child[] = [];
  const dirs = [
    mkdtempSync(join(tmpdir(), 'pinpost-bench-campaign-')),
    mkdtempSync(join(tmpdir(), 'pinpost-bench-journey-')),
  ];
  try {
    // One after the other, each on its own server and database: they never share the cores.
    const campaignServer = await benchServer(dirs[0]);
    started.push(campaignServer);
    const campaign = await runCampaign(campaignServer.url, n);
    await campaignServer.stop();
    started.pop();

    const journeyServer = await benchServer(dirs[1], ['--clock', 'manual']);
    started.push(journeyServer);
    const journey = await runJourney(journeyServer.url, n);

    const campaignRate = n / (campaign.ms / 1000);
    const journeyRate = (2 * n) / (journey.ms / 1000);
    const ratio = journeyRate / campaignRate;
    printTable(
      `Journey to ${n.toLocaleString('en-US')} endpoints (EMAIL → Wait P1D → ConditionalSplit → EMAIL, --clock manual) against the campaign bench, same run (file databases)`,
      ['path', 'messages', 'seconds', 'messages/s', 'ratio'],
      [
        [
          'pinpost journey, CreateJourney ACTIVE → 2 clock moves → all captured',
          (2 * n).toLocaleString('en-US'),
          fmt(journey.ms / 1000),
          fmt(journeyRate),
          `${fmt(ratio)}×`,
        ],
        [
          'pinpost campaign, CreateCampaign → all captured',
          n.toLocaleString('en-US'),
          fmt(campaign.ms / 1000),
          fmt(campaignRate),
          '1×',
        ],
      ],
    );
    for (const [step, seconds] of journey.steps) console.log(`  journey ${step}: ${fmt(seconds)} s`);
    console.log(
      `journey ÷ campaign messages/s: ${fmt(ratio)} (target ≥ 0.8)${ratio >= 0.8 ? '' : ' — below target'}`,
    );
  } finally {
    await Promise.all(started.map((c) => c.stop()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
