/**
 * Journeys spread over processes: each journey's due work is one `journey-pass` job, so two
 * JobWorkers on one database (the server's, and a second one as another process would run it)
 * split the journeys between them — each runs some passes — while every journey is worked by one
 * of them at a time: each endpoint gets each journey's message exactly once, and each journey's
 * counters are exact.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { JobQueue, Jobs, JobWorker, type JobHandler } from '../src/jobs/index.js';
import { JourneyStore } from '../src/services/pinpoint/journeys/journey-store.js';
import { JourneyEngine } from '../src/services/pinpoint/journeys/run/engine.js';
import { JourneyPlaces } from '../src/services/pinpoint/journeys/run/places-store.js';
import { JourneyRuns } from '../src/services/pinpoint/journeys/run/runs-store.js';
import { role, verifiedIdentity } from './pinpoint-campaigns-setup.js';
import {
  activityMetrics,
  app,
  journey,
  journeyMetrics,
  mails,
  state,
  template,
} from './pinpoint-journeys-run-setup.js';
import { startTestServer } from './support/server.js';

const JOURNEYS = 8;
const ENDPOINTS = 3;

const until = async (what: string, check: () => Promise<boolean>) => {
  for (let i = 0; i < 1200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`never: ${what}`);
};

test('two JobWorkers on one database split the journeys; one message each, exact counts', async () => {
  const server = await startTestServer({});
  const c = server.runtime.pinpoint.context;
  // The second process's worker: its own owner, its own engine. Its passes start 300 ms late, so
  // the server's worker (polling every 250 ms) finds journeys due that this one has not taken.
  let second = 0;
  const queue = new JobQueue(c.db);
  const worker = new JobWorker({
    queue,
    now: () => c.clock().getTime(),
    log: pino({ level: 'silent' }),
    owner: 'second-process',
    pollMs: 5,
    onClaimed: (kind) => void (kind === 'journey-pass' && second++),
  });
  const jobs = new Jobs(c.db, worker, queue);
  const slow = {
    register: (h: JobHandler) =>
      jobs.register({
        ...h,
        run: async (job, ctx) => {
          await new Promise((r) => setTimeout(r, 300));
          return h.run(job, ctx);
        },
      }),
  } as unknown as Jobs;
  const journeys = new JourneyStore(c.store);
  new JourneyEngine({ ...c, jobs: slow }, journeys, new JourneyRuns(c.db), new JourneyPlaces(c.db), {
    passes: 2,
  }).register();
  worker.start();
  try {
    await verifiedIdentity(server);
    const roleArn = await role(server, 'PinpointSeed');
    const { appId, segmentId } = await app(server, roleArn, 'split', ENDPOINTS);
    const claimedBefore = await serverPasses(server);
    // Every journey starts at the same time, a little ahead: both workers find them due together.
    const start = new Date(Date.now() + 1500);
    const ids: string[] = [];
    for (let j = 0; j < JOURNEYS; j++) {
      await template(server, `split-${j}`, `Journey ${j}`);
      ids.push(
        await journey(server, appId, {
          Name: `split-${j}`,
          State: 'ACTIVE',
          StartActivity: 'hello',
          StartCondition: { SegmentStartCondition: { SegmentId: segmentId } },
          Schedule: { StartTime: start },
          Activities: { hello: { EMAIL: { TemplateName: `split-${j}` } } },
        }),
      );
    }
    for (const id of ids)
      await until(`journey ${id} COMPLETED`, async () => (await state(server, appId, id)) === 'COMPLETED');

    const ours = (await serverPasses(server)) - claimedBefore;
    assert.ok(second > 0, `the second worker ran journey passes (${second}; the server's: ${ours})`);
    assert.ok(ours > 0, "the server's worker ran journey passes");
    for (const id of ids) {
      assert.deepEqual(await activityMetrics(server, appId, id, 'hello'), { SUCCESS: String(ENDPOINTS) });
      const m = await journeyMetrics(server, appId, id);
      assert.equal(m.ENDPOINT_ENTERED, String(ENDPOINTS));
      assert.equal(m.ENDPOINT_LEFT, String(ENDPOINTS));
    }
    await until('every message captured', async () => (await mails(server)).length >= JOURNEYS * ENDPOINTS);
    for (let i = 1; i <= ENDPOINTS; i++) {
      const got = (await mails(server, `split${i}@example.org`)).map((m) => m.Subject).sort();
      const want = Array.from({ length: JOURNEYS }, (_, j) => `Journey ${j} Name${i}`).sort();
      assert.deepEqual(got, want, `split${i}: one message of each journey`);
    }
    assert.equal((await mails(server)).length, JOURNEYS * ENDPOINTS, 'nothing sent twice');
  } finally {
    await worker.stop();
    await server.close();
  }
});

/** Journey passes the server's own worker claimed (its jobs metric). */
async function serverPasses(server: Awaited<ReturnType<typeof startTestServer>>): Promise<number> {
  const m = await server.runtime.metrics.jobsClaimed.get();
  return m.values.find((v) => v.labels.kind === 'journey-pass')?.value ?? 0;
}
