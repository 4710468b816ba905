/**
 * The JourneyLifecycle port (journeys/ports.ts): the journey operations tell it of every state
 * change — activated, updated, paused, resumed, cancelled, deleted — inside the write's own
 * transaction, so a listener that refuses (throws) leaves nothing written. The operations run here
 * as the journeys part builds them with a recording listener, over a real server's store.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetJourneyCommand, ListJourneysCommand } from '@aws-sdk/client-pinpoint';
import { createJourneys } from '../src/services/pinpoint/journeys/index.js';
import type { JourneyDoc } from '../src/services/pinpoint/journeys/model.js';
import type { JourneyLifecycle } from '../src/services/pinpoint/journeys/ports.js';
import { badRequest } from '../src/services/pinpoint/errors.js';
import type { RequestContext } from '../src/wire/context.js';
import type { OperationSpec } from '../src/wire/operation.js';
import {
  ACCOUNT,
  emailJourney,
  journeyApp,
  journeySetup,
  type JourneyApp,
} from './pinpoint-journeys-setup.js';
import { pinpointInput } from './support/typed-input.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let app: JourneyApp;
let now = new Date('2029-06-01T00:00:00.000Z');

before(async () => {
  server = await startTestServer({}, { clock: () => now });
  await journeySetup(server);
  app = await journeyApp(server, 'life');
});
after(() => server.close());

interface Recorded {
  event: string;
  state: string;
  stored: string | undefined;
}

/** A listener that records each event, the state it is told of, and the state stored meanwhile. */
function recorder(log: Recorded[], refuse?: string): JourneyLifecycle {
  const c = server.runtime.pinpoint.context;
  const note = (event: string) => async (scope: { account: string; region: string }, doc: JourneyDoc) => {
    const stored = (await c.store.get<JourneyDoc>(scope, doc.ApplicationId, 'journey', doc.Id))?.doc.State;
    log.push({ event, state: doc.State, stored });
    if (event === refuse) throw badRequest(`refused by the listener: ${event}`);
  };
  return {
    activated: note('activated'),
    updated: note('updated'),
    paused: note('paused'),
    resumed: note('resumed'),
    cancelled: note('cancelled'),
    deleted: note('deleted'),
  };
}

function operations(
  lifecycle: JourneyLifecycle,
): (name: string, raw: Record<string, unknown>) => Promise<unknown> {
  const ops: OperationSpec[] = createJourneys(server.runtime.pinpoint.context, { lifecycle }).operations;
  const ctx = { account: ACCOUNT, region: 'us-east-1' } as RequestContext;
  return async (name, raw) => {
    const op = ops.find((o) => o.name === name)!;
    const request = { 'application-id': app.appId, ...raw };
    // Every Pinpoint operation takes the model-typed input, as the pipeline types it.
    const input = await pinpointInput(op, request, ctx);
    return op.handler(input, ctx);
  };
}

const idOf = (out: unknown) => (out as { JourneyResponse: { Id: string } }).JourneyResponse.Id;

test('every state change reaches the listener once, with the new document, before it is stored', async () => {
  const log: Recorded[] = [];
  const call = operations(recorder(log));
  const id = idOf(
    await call('CreateJourney', { WriteJourneyRequest: emailJourney(app.segmentId, { State: 'ACTIVE' }) }),
  );
  const journey = { 'journey-id': id };
  await call('UpdateJourney', {
    ...journey,
    WriteJourneyRequest: emailJourney(app.segmentId, { State: 'ACTIVE', Name: 'v2' }),
  });
  await call('UpdateJourneyState', { ...journey, JourneyStateRequest: { State: 'PAUSED' } });
  now = new Date(now.getTime() + 5 * 60_000);
  await call('UpdateJourneyState', { ...journey, JourneyStateRequest: { State: 'ACTIVE' } });
  await call('UpdateJourneyState', { ...journey, JourneyStateRequest: { State: 'ACTIVE' } });
  await call('UpdateJourneyState', { ...journey, JourneyStateRequest: { State: 'CANCELLED' } });
  await call('DeleteJourney', journey);
  assert.deepEqual(log, [
    { event: 'activated', state: 'ACTIVE', stored: undefined },
    { event: 'updated', state: 'ACTIVE', stored: 'ACTIVE' },
    { event: 'paused', state: 'PAUSED', stored: 'ACTIVE' },
    { event: 'resumed', state: 'ACTIVE', stored: 'PAUSED' },
    // asking for the state it is already in changes nothing and tells no one
    { event: 'cancelled', state: 'CANCELLED', stored: 'ACTIVE' },
    { event: 'deleted', state: 'CANCELLED', stored: 'CANCELLED' },
  ]);
  const draft = idOf(await call('CreateJourney', { WriteJourneyRequest: emailJourney(app.segmentId) }));
  await call('UpdateJourney', {
    'journey-id': draft,
    WriteJourneyRequest: emailJourney(app.segmentId, { Name: 'still-draft' }),
  });
  assert.equal(log.length, 6, 'writing a draft is no state change');
});

test('a listener that refuses the change leaves nothing written', async () => {
  const count = async () =>
    (await server.pinpoint().send(new ListJourneysCommand({ ApplicationId: app.appId }))).JourneysResponse!
      .Item!.length;
  const before = await count();
  const refuseActivation = operations(recorder([], 'activated'));
  const e = await refuseActivation('CreateJourney', {
    WriteJourneyRequest: emailJourney(app.segmentId, { State: 'ACTIVE' }),
  }).then(
    () => undefined,
    (x: unknown) => x,
  );
  assert.ok(e, 'the create was refused');
  assert.equal(await count(), before, 'no journey was created');

  const call = operations(recorder([]));
  const id = idOf(
    await call('CreateJourney', { WriteJourneyRequest: emailJourney(app.segmentId, { State: 'ACTIVE' }) }),
  );
  const refusePause = operations(recorder([], 'paused'));
  await assert.rejects(
    refusePause('UpdateJourneyState', { 'journey-id': id, JourneyStateRequest: { State: 'PAUSED' } }),
    {
      message: 'refused by the listener: paused',
    },
  );
  const refuseDelete = operations(recorder([], 'deleted'));
  await assert.rejects(refuseDelete('DeleteJourney', { 'journey-id': id }));
  const got = await server
    .pinpoint()
    .send(new GetJourneyCommand({ ApplicationId: app.appId, JourneyId: id }));
  assert.equal(got.JourneyResponse?.State, 'ACTIVE', 'neither the pause nor the delete was written');
});
