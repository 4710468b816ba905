/**
 * The run's jobs against fake ports, run by real job workers: what is sent to whom, what the
 * activities say, how a run resumes, and how two workers share one run's batches. The end-to-end
 * path through the real parts is in test/pinpoint-campaigns-*.test.ts.
 */
import pino from 'pino';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEgress } from '../../../net/index.js';
import { eventually, localServer, never } from '../../../net/local-server.test-fixture.js';
import type { Database } from '../../../store/index.js';
import { openTestDatabase } from '../../../../test/support/database.js';
import { pinpointDocumentMigrations } from '../migrations.js';
import type {
  EmailContent,
  EndpointDoc,
  OutgoingEmail,
  PinpointContext,
  PinpointEvent,
  Ports,
  SendOutcome,
} from '../ports.js';
import { createMetrics } from '../../../server/metrics/registry.js';
import { jobMigrations, JobQueue, Jobs, JobWorker } from '../../../jobs/index.js';
import { rateBucketMigrations } from '../../../store/rate-buckets.js';
import { migrate } from '../../../store/index.js';
import { PinpointStore } from '../store.js';
import { activityOutput } from './activity.js';
import { registerCampaignJobs } from './index.js';
import { JOB_CAMPAIGN_BATCH, JOB_CAMPAIGN_RUN, PARKED_AT } from './job-kinds.js';
import { campaignMigrations } from './migrations.js';
import type { CampaignDoc, CampaignSettings } from './model.js';
import { RunResourceCache } from './resources.js';
import { CampaignRuns } from './runs-store.js';

const scope = { account: '000000000000', region: 'us-east-1' };
const APP = 'a'.repeat(32);

interface World {
  db: Database;
  c: PinpointContext;
  /** The runs store of the first worker's process. */
  runs: CampaignRuns;
  /** The job worker of the first "process". */
  worker: JobWorker;
  sent: OutgoingEmail[];
  events: PinpointEvent[];
  now: { t: Date };
  endpoints: EndpointDoc[];
  /** What opening a session answers. */
  sessionFailure?: SendOutcome;
  /** Runs before each send is answered (what lands while a batch is sending). */
  beforeSend?: () => Promise<void>;
}

async function* each<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

const opened: Database[] = [];
const workers: JobWorker[] = [];
after(async () => {
  for (const w of workers) await w.stop();
  for (const db of opened) await db.close();
});

const log = pino({ level: 'silent' });

/**
 * One "process": a job worker with the campaign jobs registered, over the world's database. `c`
 * stands for the process's own context (its orchestrator, say).
 */
function boot(
  w: World,
  o: { batchSize?: number; batchJobs?: number; c?: PinpointContext } = {},
): { worker: JobWorker; runs: CampaignRuns } {
  const c = o.c ?? w.c;
  const queue = new JobQueue(w.db);
  const worker = new JobWorker({ queue, now: () => w.now.t.getTime(), log, pollMs: 5 });
  const jobs = new Jobs(w.db, worker, queue);
  const runs = new CampaignRuns(w.db, jobs, () => w.now.t.getTime());
  registerCampaignJobs(
    { c, runs, resources: new RunResourceCache(c), batchSize: o.batchSize ?? 500, concurrency: 4 },
    o.batchJobs ?? 1,
  );
  worker.start();
  workers.push(worker);
  return { worker, runs };
}

/** The first process, with other options. */
function reboot(w: World, o: { batchSize?: number; batchJobs?: number } = {}): void {
  const { worker, runs } = boot(w, o);
  w.worker = worker;
  w.runs = runs;
}

async function world(o: { batchSize?: number; batchJobs?: number } = {}): Promise<World> {
  const db = await openTestDatabase([
    ...jobMigrations,
    ...rateBucketMigrations,
    ...pinpointDocumentMigrations,
    ...campaignMigrations,
  ]);
  opened.push(db);
  const now = { t: new Date('2026-11-29T12:00:00Z') };
  const store = new PinpointStore(db, () => now.t);
  const sent: OutgoingEmail[] = [];
  const events: PinpointEvent[] = [];
  const ledger = new Set<string>();
  const w = {
    db,
    sent,
    events,
    now,
    endpoints: [] as EndpointDoc[],
  } as unknown as World;
  const ports: Ports = {
    events: {
      record: (_s, e) => {
        events.push(...e);
        return Promise.resolve();
      },
      attribute: () => Promise.resolve(),
      onRecord: () => undefined,
    },
    segments: {
      // Read lazily, as the resolver's members are.
      members: () => Promise.resolve(each(w.endpoints)),
      latestVersion: () => Promise.resolve(1),
    },
    templates: {
      email: () => Promise.resolve(undefined),
      compile: (content: EmailContent) => (vars) => ({
        subject: String(content.Subject).replace('{{Id}}', vars.endpoint?.Id ?? ''),
        html: content.HtmlPart,
      }),
    },
    orchestrator: {
      open: () =>
        Promise.resolve(
          w.sessionFailure
            ? { ok: false as const, outcome: w.sessionFailure }
            : {
                ok: true as const,
                session: {
                  fromAddress: 'news@example.com',
                  sentAlready: (keys: readonly string[]) =>
                    Promise.resolve(new Map(keys.filter((k) => ledger.has(k)).map((k) => [k, `m-${k}`]))),
                  send: async (m: OutgoingEmail): Promise<SendOutcome> => {
                    await w.beforeSend?.();
                    if (m.ledgerKey && ledger.has(m.ledgerKey))
                      return { deliveryStatus: 'DUPLICATE', statusCode: 200, statusMessage: 'dup' };
                    if (m.ledgerKey) ledger.add(m.ledgerKey);
                    sent.push(m);
                    return { deliveryStatus: 'SUCCESSFUL', statusCode: 200, statusMessage: 'ok' };
                  },
                },
              },
        ),
    },
  };
  const ses = { account: { get: () => ({ maxSendRate: 1_000_000 }) } };
  w.c = {
    db,
    store,
    ses,
    partition: 'aws',
    region: scope.region,
    clock: () => now.t,
    log: pino({ level: 'silent' }),
    // The hook tests' server is on loopback: private egress allowed unless a test says otherwise.
    egress: createEgress({ importRoot: '.pinpost/imports', allowPrivate: true }),
    ports,
    metrics: createMetrics(),
  } as unknown as PinpointContext;
  reboot(w, o);
  return w;
}

/** The campaign metrics the run counted (server/metrics/registry.ts). */
async function counted(w: World) {
  const m = w.c.metrics;
  const one = async (c: typeof m.campaignRunsStarted) => (await c.get()).values[0]?.value ?? 0;
  const endpoints = (await m.campaignEndpoints.get()).values;
  const endpointsWith = (outcome: string) => endpoints.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  return {
    started: await one(m.campaignRunsStarted),
    completed: await one(m.campaignRunsCompleted),
    failed: await one(m.campaignRunsFailed),
    delivered: endpointsWith('delivered'),
    notDelivered: endpointsWith('failed'),
  };
}

const email = (i: number, extra: Partial<EndpointDoc> = {}): EndpointDoc => ({
  Id: `ep-${i}`,
  CohortId: '1',
  CreationDate: '2026-11-01T00:00:00Z',
  ChannelType: 'EMAIL',
  Address: `r${i}@example.org`,
  ...extra,
});

async function campaign(w: World, settings: Partial<CampaignSettings> = {}): Promise<CampaignDoc> {
  const doc: CampaignDoc = {
    Id: 'c'.repeat(32),
    Arn: 'arn',
    ApplicationId: APP,
    CreationDate: '',
    LastModifiedDate: '',
    Version: 1,
    tags: {},
    SegmentId: 's',
    SegmentVersion: 1,
    Schedule: { StartTime: 'IMMEDIATE', Frequency: 'ONCE', Timezone: 'UTC' },
    AdditionalTreatments: [],
    HoldoutPercent: 0,
    IsPaused: false,
    MessageConfiguration: { EmailMessage: { Title: 'Hi {{Id}}', HtmlBody: '<p>x</p>' } },
    ...settings,
  };
  await w.c.store.put(scope, APP, 'campaign', doc.Id, doc);
  await w.c.store.putVersion(scope, APP, 'campaign-version', doc.Id, 1, doc);
  // A batch job reads its endpoints by id, as the segment resolver reads them.
  for (const ep of w.endpoints) await w.c.store.put(scope, APP, 'endpoint', ep.Id, ep);
  return doc;
}

/** Schedules a run now and runs the due jobs until none is left. */
async function runNow(w: World, doc: CampaignDoc) {
  const id = await w.runs.schedule(scope, APP, doc.Id, doc.Version, w.now.t);
  await step(w);
  return id;
}

/** What a manual clock's advance does: every job due by the clock now runs, until none is left. */
async function step(w: World) {
  await w.worker.runDue();
}

const activities = async (w: World, runId: string) =>
  (await w.runs.activitiesOfRun(runId)).map(activityOutput);

test('a run mails each eligible endpoint once, under its own ledger key, and completes SUCCESS', async () => {
  const w = await world();
  w.endpoints = [
    email(1),
    email(2, { User: { UserId: 'u2' } }),
    email(3, { Address: 'R1@example.org' }), // the same address as ep-1: sent once
    email(4, { ChannelType: 'SMS' }),
    email(5, { EndpointStatus: 'INACTIVE' }),
    email(6, { OptOut: 'ALL' }),
  ];
  const doc = await campaign(w);
  const runId = await runNow(w, doc);
  assert.deepEqual(
    w.sent.map((m) => [m.to, m.subject]),
    [
      ['r1@example.org', 'Hi ep-1'],
      ['r2@example.org', 'Hi ep-2'],
    ],
  );
  assert.equal(w.sent[1].ledgerKey, `${doc.Id}/${runId}/0/ep-2`);
  assert.deepEqual(w.sent[1].attribution, {
    appId: APP,
    endpointId: 'ep-2',
    userId: 'u2',
    campaignId: doc.Id,
    treatmentId: '0',
    runId,
    activityId: (await activities(w, runId))[0].Id,
    fromAddress: 'news@example.com',
  });
  const [a] = await activities(w, runId);
  assert.equal(a.State, 'COMPLETED');
  assert.equal(a.Result, 'SUCCESS');
  assert.equal(a.TotalEndpointCount, 2);
  assert.equal(a.SuccessfulEndpointCount, 2);
  assert.equal((await w.runs.get(runId))?.state, 'done');
  assert.deepEqual(
    w.events.map((e) => [e.eventType, e.endpointId, e.attributes.campaign_send_status]),
    [
      ['_campaign.send', 'ep-1', 'SUCCESS'],
      ['_campaign.send', 'ep-2', 'SUCCESS'],
    ],
  );
  assert.deepEqual(await counted(w), { started: 1, completed: 1, failed: 0, delivered: 2, notDelivered: 0 });
});

test('when the session cannot be opened nothing is sent and the activity fails with the reason', async () => {
  const w = await world();
  w.endpoints = [email(1), email(2)];
  const reason =
    'User: arn:aws:sts::000000000000:assumed-role/x is not authorized to perform: sts:AssumeRole';
  w.sessionFailure = { deliveryStatus: 'PERMANENT_FAILURE', statusCode: 403, statusMessage: reason };
  const runId = await runNow(w, await campaign(w));
  assert.equal(w.sent.length, 0);
  const [a] = await activities(w, runId);
  assert.equal(a.Result, 'FAIL');
  assert.equal(a.TotalEndpointCount, 2);
  assert.equal(a.SuccessfulEndpointCount, 0);
  assert.equal(a.ExecutionMetrics?.FailureReason, reason);
  assert.equal(w.events[0].attributes.campaign_send_status_message, reason);
  assert.deepEqual(await counted(w), { started: 1, completed: 0, failed: 1, delivered: 0, notDelivered: 2 });
});

test('holdout and treatments split the segment as configured, the same way every time', async () => {
  const w = await world();
  w.endpoints = Array.from({ length: 2000 }, (_, i) => email(i));
  const doc = await campaign(w, {
    HoldoutPercent: 10,
    AdditionalTreatments: [
      { Id: '1', SizePercent: 30, MessageConfiguration: { EmailMessage: { Title: 'B {{Id}}' } } },
    ],
  });
  const runId = await runNow(w, doc);
  const byTreatment = Object.fromEntries((await activities(w, runId)).map((a) => [a.TreatmentId, a]));
  const holdout = Number(byTreatment['0'].ExecutionMetrics?.HoldoutEndpointCount);
  const b = byTreatment['1'].SuccessfulEndpointCount ?? 0;
  const a = byTreatment['0'].SuccessfulEndpointCount ?? 0;
  assert.equal(holdout + a + b, 2000);
  assert.ok(Math.abs(holdout - 200) < 60, `holdout ${holdout}`);
  assert.ok(Math.abs(b - 600) < 90, `treatment 1 ${b}`);
  assert.ok(w.sent.filter((m) => m.subject.startsWith('B ')).length === b);
  // A second run gives every endpoint the same treatment.
  const first = new Map(w.sent.map((m) => [m.to, m.attribution.treatmentId]));
  w.sent.length = 0;
  await runNow(w, doc);
  assert.ok(w.sent.every((m) => first.get(m.to) === m.attribution.treatmentId));
  assert.equal(w.sent.length, a + b);
});

test('quiet time holds mail for endpoints in it until their quiet time ends', async () => {
  const w = await world(); // 12:00 UTC: 21:00 in Tokyo, 07:00 in New York
  w.endpoints = [
    email(1, { Demographic: { Timezone: 'Asia/Tokyo' } }),
    email(2, { Demographic: { Timezone: 'America/New_York' } }),
    email(3),
  ];
  // Held endpoints are read again by id when they are released.
  for (const ep of w.endpoints) await w.c.store.put(scope, APP, 'endpoint', ep.Id, ep);
  const doc = await campaign(w, {
    Schedule: {
      StartTime: 'IMMEDIATE',
      Frequency: 'ONCE',
      Timezone: 'UTC',
      QuietTime: { Start: '20:00', End: '08:00' },
    },
  });
  const runId = await runNow(w, doc);
  assert.deepEqual(w.sent.map((m) => m.to).sort(), ['r3@example.org']);
  assert.equal((await w.runs.get(runId))?.state, 'holding');
  assert.equal((await activities(w, runId))[0].State, 'RUNNING');
  // New York's quiet time ends at 08:00 local (13:01 UTC after End), Tokyo's at 08:01 JST (23:01 UTC).
  w.now.t = new Date('2026-11-29T13:02:00Z');
  await step(w);
  assert.deepEqual(w.sent.map((m) => m.to).sort(), ['r2@example.org', 'r3@example.org']);
  w.now.t = new Date('2026-11-29T23:02:00Z');
  await step(w);
  assert.equal(w.sent.length, 3);
  const [a] = await activities(w, runId);
  assert.equal(a.State, 'COMPLETED');
  assert.equal(a.SuccessfulEndpointCount, 3);
  assert.equal(a.TimezonesTotalCount, 3);
});

test('Daily and Total limits cap what a campaign sends one endpoint', async () => {
  const w = await world();
  w.endpoints = [email(1)];
  const doc = await campaign(w, { Limits: { Daily: 1, Total: 2 } });
  await runNow(w, doc);
  w.now.t = new Date(w.now.t.getTime() + 3600_000);
  const second = await runNow(w, doc); // within 24 h: capped by Daily
  assert.equal((await activities(w, second))[0].ExecutionMetrics?.LimitCappedEndpointCount, '1');
  w.now.t = new Date(w.now.t.getTime() + 25 * 3600_000);
  await runNow(w, doc);
  w.now.t = new Date(w.now.t.getTime() + 25 * 3600_000);
  await runNow(w, doc); // a third mail would pass Total
  assert.equal(w.sent.length, 2);
});

test('a run stopped in the middle of a batch resumes from the last committed batch; each endpoint gets one mail', async () => {
  const w = await world({ batchSize: 50 });
  w.endpoints = Array.from({ length: 250 }, (_, i) => email(i));
  const doc = await campaign(w);
  // The server stops once 75 mails are out: batch 2 (51–100) is half sent and not committed.
  let stopping: Promise<void> | undefined;
  w.beforeSend = async () => {
    if (w.sent.length < 75) return;
    stopping ??= w.worker.stop();
    // The sends in flight take a while: the stop reaches the batch before it could commit.
    await new Promise((r) => setTimeout(r, 200));
  };
  const runId = await runNow(w, doc);
  await stopping;
  w.beforeSend = undefined;
  const run = (await w.runs.get(runId))!;
  assert.equal(run.state, 'executing');
  assert.equal((await activities(w, runId))[0].SuccessfulEndpointCount, 50);
  assert.ok(w.sent.length >= 75 && w.sent.length < 100, 'sends in flight finish, no new one starts');
  // Resumed by another process (the stopped one handed its jobs back): 51–75 are resent, the
  // ledger answers DUPLICATE (no second mail), and they count once.
  reboot(w, { batchSize: 50 });
  await step(w);
  assert.equal(w.sent.length, 250);
  assert.equal(new Set(w.sent.map((m) => m.to)).size, 250);
  const [a] = await activities(w, runId);
  assert.equal(a.State, 'COMPLETED');
  assert.equal(a.SuccessfulEndpointCount, 250);
  assert.equal(a.TotalEndpointCount, 250);
  // The batch cut short was never committed, so never counted: each endpoint once, one run.
  assert.deepEqual(await counted(w), {
    started: 1,
    completed: 1,
    failed: 0,
    delivered: 250,
    notDelivered: 0,
  });
});

test('a FILTER hook decides which endpoints get the message', async () => {
  const w = await world();
  w.endpoints = [email(1), email(2), email(3)];
  let seen: { CampaignId?: string; Endpoints?: Record<string, unknown> } = {};
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen = JSON.parse(body) as typeof seen;
      const kept = Object.fromEntries(Object.entries(seen.Endpoints ?? {}).filter(([id]) => id !== 'ep-2'));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(kept));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const doc = await campaign(w, { Hook: { Mode: 'FILTER', WebUrl: url } });
    const runId = await runNow(w, doc);
    assert.equal(seen.CampaignId, doc.Id);
    assert.deepEqual(Object.keys(seen.Endpoints ?? {}).sort(), ['ep-1', 'ep-2', 'ep-3']);
    assert.deepEqual(w.sent.map((m) => m.to).sort(), ['r1@example.org', 'r3@example.org']);
    assert.equal((await activities(w, runId))[0].ExecutionMetrics?.HookFilteredEndpointCount, '1');
  } finally {
    server.close();
  }
});

test('a hook on a refused address is never called: the endpoints fail with the egress reason, nothing is sent', async () => {
  const w = await world();
  w.c.egress = createEgress({ importRoot: '.pinpost/imports', allowPrivate: false });
  w.endpoints = [email(1), email(2)];
  const hook = await localServer({ '/hook': never });
  try {
    const doc = await campaign(w, { Hook: { Mode: 'FILTER', WebUrl: `${hook.url}/hook` } });
    const runId = await runNow(w, doc);
    assert.equal(hook.total(), 0, 'the hook was not called');
    assert.deepEqual(w.sent, []);
    const [a] = await activities(w, runId);
    assert.equal(a.Result, 'FAIL');
    assert.equal(
      a.ExecutionMetrics?.FailureReason,
      `The campaign hook at ${hook.url}/hook failed: The URL leads to a loopback address, which Pinpost does not connect to (the server must be started with --allow-private-egress to allow it)`,
    );
  } finally {
    await hook.close();
  }
});

test('a hook that never answers is cut short when the server stops; the batch runs again on resume', async () => {
  const w = await world();
  w.endpoints = [email(1)];
  const hook = await localServer({ '/hook': never });
  try {
    const doc = await campaign(w, { Hook: { Mode: 'FILTER', WebUrl: `${hook.url}/hook` } });
    const id = await w.runs.schedule(scope, APP, doc.Id, doc.Version, w.now.t);
    const running = step(w);
    await eventually(() => hook.total() === 1);
    await w.worker.stop();
    await running;
    await eventually(() => hook.openConnections() === 0);
    assert.deepEqual(w.sent, []);
    assert.equal((await w.runs.get(id))?.state, 'executing', 'the run is left to resume');
    assert.equal((await activities(w, id))[0].State, 'RUNNING');
    assert.equal(await w.runs.jobs.queue.pending(JOB_CAMPAIGN_BATCH, `${id}/1`), true, 'its batch waits');
  } finally {
    await hook.close();
  }
});

test('past Limits.MaximumDuration after the scheduled start, nothing more is sent', async () => {
  const w = await world();
  w.endpoints = [email(1), email(2)];
  const doc = await campaign(w, { Limits: { MaximumDuration: 60 } });
  const id = await w.runs.schedule(scope, APP, doc.Id, 1, new Date(w.now.t.getTime() - 120_000));
  await step(w);
  assert.equal(w.sent.length, 0);
  const [a] = await activities(w, id);
  assert.equal(a.State, 'COMPLETED');
  assert.equal(a.ExecutionMetrics?.ExpiredEndpointCount, '2');
});

test('IsLocalTime: each endpoint gets the mail at the StartTime of its own time zone', async () => {
  const w = await world();
  w.endpoints = [
    email(1, { Demographic: { Timezone: 'Asia/Tokyo' } }), // 09:00 JST = 00:00 UTC
    email(2, { Demographic: { Timezone: 'America/New_York' } }), // 09:00 EST = 14:00 UTC
  ];
  for (const ep of w.endpoints) await w.c.store.put(scope, APP, 'endpoint', ep.Id, ep);
  const doc = await campaign(w, {
    Schedule: { StartTime: '2026-11-30T09:00:00Z', IsLocalTime: true, Timezone: 'UTC', Frequency: 'ONCE' },
  });
  w.now.t = new Date('2026-11-29T19:00:00Z'); // the earliest zone (UTC+14) reaches 09:00
  const id = await w.runs.schedule(scope, APP, doc.Id, 1, w.now.t);
  await step(w);
  assert.equal(w.sent.length, 0);
  w.now.t = new Date('2026-11-30T00:00:00Z');
  await step(w);
  assert.deepEqual(
    w.sent.map((m) => m.to),
    ['r1@example.org'],
  );
  w.now.t = new Date('2026-11-30T14:00:00Z');
  await step(w);
  assert.equal(w.sent.length, 2);
  const [a] = await activities(w, id);
  assert.equal(a.State, 'COMPLETED');
  assert.equal(a.ScheduledStart, '2026-11-30T09:00:00.000Z');
  assert.equal(a.TimezonesTotalCount, 2);
});

test('a campaign deleted while it runs stops, and its activities stay deleted', async () => {
  const w = await world({ batchSize: 50 });
  w.endpoints = Array.from({ length: 120 }, (_, i) => email(i));
  const doc = await campaign(w);
  const runs = w.runs;
  const runId = await runs.schedule(scope, APP, doc.Id, 1, w.now.t);
  // DeleteCampaign lands while the first batch is sending.
  let deleted = false;
  w.beforeSend = async () => {
    if (w.sent.length >= 10 && !deleted) {
      deleted = true;
      await w.c.store.delete(scope, APP, 'campaign', doc.Id);
      await runs.deleteCampaign(scope, APP, doc.Id);
    }
  };
  await step(w);
  assert.equal(await runs.get(runId), undefined);
  assert.deepEqual(await runs.activities(scope, APP, doc.Id, 0, 10), []);
  assert.ok(w.sent.length <= 50, 'no batch after the deletion');
  assert.deepEqual(await runs.jobs.queue.stats(), [], 'its jobs are gone');
});

test('a campaign paused mid-run parks its batches (no spinning) until it is resumed', async () => {
  const w = await world({ batchSize: 10 });
  w.endpoints = Array.from({ length: 40 }, (_, i) => email(i));
  const doc = await campaign(w);
  const runId = await w.runs.schedule(scope, APP, doc.Id, 1, w.now.t);
  // Paused while the first batch is sending: that batch commits, the others wait.
  let paused = false;
  w.beforeSend = async () => {
    if (w.sent.length < 5 || paused) return;
    paused = true;
    await w.c.store.put(scope, APP, 'campaign', doc.Id, { ...doc, IsPaused: true });
  };
  await step(w);
  w.beforeSend = undefined;
  assert.equal(w.sent.length, 10);
  assert.equal((await activities(w, runId))[0].SuccessfulEndpointCount, 10);
  const queue = w.runs.jobs.queue;
  assert.equal(await queue.nextRunAt([JOB_CAMPAIGN_BATCH, JOB_CAMPAIGN_RUN]), PARKED_AT, 'parked');
  w.now.t = new Date(w.now.t.getTime() + 7 * 24 * 3600_000);
  await step(w);
  assert.equal(w.sent.length, 10, 'nothing while paused');
  await w.c.store.put(scope, APP, 'campaign', doc.Id, doc);
  await w.runs.wake(scope, APP, doc.Id);
  await step(w);
  assert.equal(w.sent.length, 40);
  const [a] = await activities(w, runId);
  assert.equal(a.State, 'COMPLETED');
  assert.equal(a.SuccessfulEndpointCount, 40);
  assert.deepEqual(await queue.stats(), []);
});

test("two job workers on one database each send part of one run's batches; the counts are exact", async () => {
  const w = await world({ batchSize: 20, batchJobs: 2 });
  w.endpoints = Array.from({ length: 400 }, (_, i) => email(i));
  const doc = await campaign(w, {
    HoldoutPercent: 10,
    AdditionalTreatments: [
      { Id: '1', SizePercent: 40, MessageConfiguration: { EmailMessage: { Title: 'B {{Id}}' } } },
    ],
  });
  // Each "process" opens its own session: the mail it sends is marked with its name.
  const by = new Map<string, string>();
  const process = (name: string): PinpointContext => ({
    ...w.c,
    ports: {
      ...w.c.ports,
      orchestrator: {
        open: async (...args) => {
          const opened = await w.c.ports.orchestrator.open(...args);
          if (!opened.ok) return opened;
          const session = opened.session;
          return {
            ok: true,
            session: {
              ...session,
              send: async (m: OutgoingEmail) => {
                await new Promise((r) => setTimeout(r, 1)); // sending takes time
                by.set(m.to, name);
                return session.send(m);
              },
            },
          };
        },
      },
    },
  });
  await w.worker.stop();
  const a = boot(w, { batchSize: 20, batchJobs: 2, c: process('a') });
  const b = boot(w, { batchSize: 20, batchJobs: 2, c: process('b') });
  const runId = await a.runs.schedule(scope, APP, doc.Id, 1, w.now.t);
  for (let i = 0; (await a.runs.get(runId))?.state !== 'done'; i++) {
    assert.ok(i < 2000, 'the run ends');
    await new Promise((r) => setTimeout(r, 10));
  }
  await a.worker.idle();
  await b.worker.idle();
  assert.equal(w.sent.length, 400 - holdoutOf(await activities(w, runId)));
  assert.equal(new Set(w.sent.map((m) => m.to)).size, w.sent.length, 'one mail per endpoint');
  const byA = [...by.values()].filter((n) => n === 'a').length;
  assert.ok(byA > 0 && byA < by.size, `both processes sent (a sent ${byA} of ${by.size})`);
  const acts = await activities(w, runId);
  const total = (k: 'SuccessfulEndpointCount' | 'TotalEndpointCount') =>
    acts.reduce((n, x) => n + (x[k] ?? 0), 0);
  assert.equal(total('SuccessfulEndpointCount'), w.sent.length);
  assert.equal(total('TotalEndpointCount'), w.sent.length);
  assert.equal(holdoutOf(acts) + w.sent.length, 400);
  for (const x of acts) {
    assert.equal(x.State, 'COMPLETED');
    assert.equal(
      x.SuccessfulEndpointCount,
      w.sent.filter((m) => m.attribution.treatmentId === x.TreatmentId).length,
    );
  }
  assert.equal(w.events.length, w.sent.length, 'one _campaign.send each');
  assert.deepEqual(await counted(w), {
    started: 1,
    completed: 1,
    failed: 0,
    delivered: w.sent.length,
    notDelivered: 0,
  });
});

const holdoutOf = (acts: { ExecutionMetrics?: Record<string, string> }[]) =>
  acts.reduce((n, a) => n + Number(a.ExecutionMetrics?.HoldoutEndpointCount ?? 0), 0);

test('runs an older Pinpost left unfinished get their job when the database is upgraded', async () => {
  const db = await openTestDatabase([...jobMigrations, ...pinpointDocumentMigrations, campaignMigrations[0]]);
  opened.push(db);
  const insert = (id: string, state: string, at: string) =>
    db.run(
      `INSERT INTO pinpoint_campaign_runs (run_id, account, region, app_id, campaign_id, version, seq, scheduled_at, state, cursor)
       VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?, 0)`,
      [id, scope.account, scope.region, APP, 'c'.repeat(32), at, state],
    );
  await insert('due', 'due', '2026-12-01T10:00:00.000Z');
  await insert('executing', 'executing', '2026-11-29T12:00:00.000Z');
  await insert('holding', 'holding', '2026-11-28T12:00:00.000Z');
  await insert('done', 'done', '2026-11-27T12:00:00.000Z');
  await migrate(db, [...jobMigrations, ...pinpointDocumentMigrations, ...campaignMigrations]);
  const jobs = await db.all<{ job_key: string; run_at: number; state: string }>(
    `SELECT job_key, run_at, state FROM pinpost_jobs WHERE kind = 'campaign-run' ORDER BY run_at`,
  );
  assert.deepEqual(jobs, [
    { job_key: 'holding', run_at: Date.parse('2026-11-28T12:00:00.000Z'), state: 'ready' },
    { job_key: 'executing', run_at: Date.parse('2026-11-29T12:00:00.000Z'), state: 'ready' },
    { job_key: 'due', run_at: Date.parse('2026-12-01T10:00:00.000Z'), state: 'ready' },
  ]);
  const planned = await db.all<{ run_id: string; planned: number }>(
    'SELECT run_id, planned FROM pinpoint_campaign_runs ORDER BY run_id',
  );
  assert.deepEqual(
    planned.map((r) => [r.run_id, r.planned]),
    [
      ['done', 0],
      ['due', 0],
      ['executing', 0],
      ['holding', 1],
    ],
  );
});
