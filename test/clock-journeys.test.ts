/**
 * Journeys on the manual clock (issue 10, "A clock tests can move": "a journey with a one-week wait
 * is tested in a second"): one `POST /_pinpost/clock` of a week runs a journey's EMAIL, its Wait
 * (pinpoint/2016-12-01 WaitActivity.WaitTime.WaitFor, an ISO-8601 duration) and the EMAIL after it,
 * each at its own time on the clock, and the mail is in the mailbox when the POST returns. That the
 * POST answers 409 under `--clock system` is test/clock-route.test.ts's.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateEmailTemplateCommand,
  UpdateJourneyStateCommand,
  type WriteJourneyRequest,
} from '@aws-sdk/client-pinpoint';
import {
  campaignApp,
  reader,
  role,
  verifiedIdentity,
  welcomeTemplate,
  type Mail,
} from './pinpoint-campaigns-setup.js';
import { createJourney } from './pinpoint-journeys-setup.js';
import { startTestServer, type TestServer } from './support/server.js';

const WEEK = 7 * 24 * 3600;

let server: TestServer;
let roleArn: string;

before(async () => {
  server = await startTestServer({ clock: 'manual' });
  // Noon UTC two days ahead: the manual clock starts at the real time and never goes back.
  await server.setClock(new Date((Math.floor(Date.now() / 86_400_000) + 2) * 86_400_000 + 43_200_000));
  await verifiedIdentity(server);
  await welcomeTemplate(server, 'hello');
  await server.pinpoint().send(
    new CreateEmailTemplateCommand({
      TemplateName: 'week-later',
      EmailTemplateRequest: {
        Subject: 'A week later, {{User.UserAttributes.FirstName}}',
        HtmlPart: '<p>Still here?</p>',
      },
    }),
  );
  roleArn = await role(server, 'PinpointJourneys');
});
after(() => server.close());

/** The mailbox as it is now: no waiting, the advance already delivered what came due. */
async function mailTo(address: string): Promise<Mail[]> {
  const res = await fetch(`${server.url}/_aws/ses`);
  return ((await res.json()) as { messages: Mail[] }).messages.filter((m) =>
    m.Destination.ToAddresses.includes(address),
  );
}

/** The journey's `_email.delivered` events' times (the clock's), sorted. */
async function deliveredAt(appId: string, journeyId: string): Promise<number[]> {
  const res = await fetch(`${server.url}/_pinpost/pinpoint/events?app=${appId}&type=_email.delivered`);
  const events = (
    (await res.json()) as { events: { event_timestamp: number; attributes: Record<string, string> }[] }
  ).events;
  return events
    .filter((e) => e.attributes.journey_id === journeyId)
    .map((e) => e.event_timestamp)
    .sort((a, b) => a - b);
}

const weekLong = (segmentId: string): WriteJourneyRequest => ({
  Name: 'a-week-apart',
  StartActivity: 'hello',
  StartCondition: { SegmentStartCondition: { SegmentId: segmentId } },
  Activities: {
    hello: { EMAIL: { TemplateName: 'hello', NextActivity: 'week' } },
    week: { Wait: { WaitTime: { WaitFor: 'P1W' }, NextActivity: 'later' } },
    later: { EMAIL: { TemplateName: 'week-later' } },
  },
});

async function activeJourney(prefix: string): Promise<{ appId: string; journeyId: string }> {
  const { appId, segmentId } = await campaignApp(server, roleArn, [reader(prefix, 1), reader(prefix, 2)]);
  const journey = (await createJourney(server, appId, weekLong(segmentId))).JourneyResponse!;
  await server.pinpoint().send(
    new UpdateJourneyStateCommand({
      ApplicationId: appId,
      JourneyId: journey.Id!,
      JourneyStateRequest: { State: 'ACTIVE' },
    }),
  );
  return { appId, journeyId: journey.Id! };
}

test('a journey with a one-week Wait runs to its end in one advance, each EMAIL at its own time on the clock', async () => {
  const start = await server.advance(0);
  const { appId, journeyId } = await activeJourney('week');
  const end = await server.advance(WEEK);
  assert.equal(end.getTime() - start.getTime(), WEEK * 1000);
  for (const i of [1, 2]) {
    const subjects = (await mailTo(`week${i}@example.org`)).map((m) => m.Subject).sort();
    assert.deepEqual(
      subjects,
      [`A week later, Name${i}`, `Welcome Name${i}`],
      'in the mailbox when the POST returned',
    );
  }
  assert.deepEqual(await deliveredAt(appId, journeyId), [
    start.getTime(),
    start.getTime(),
    end.getTime(),
    end.getTime(),
  ]);
  await server.advance(WEEK);
  assert.equal((await mailTo('week1@example.org')).length, 2, 'nothing after the last activity');
});

test('a second short of the week the second EMAIL has not gone; the next second it has', async () => {
  await server.advance(0);
  await activeJourney('edge');
  await server.advance(0);
  assert.deepEqual(
    (await mailTo('edge1@example.org')).map((m) => m.Subject),
    ['Welcome Name1'],
    'the first EMAIL is due at activation',
  );
  await server.advance(WEEK - 1);
  assert.equal((await mailTo('edge1@example.org')).length, 1, 'still waiting');
  await server.advance(1);
  assert.deepEqual((await mailTo('edge1@example.org')).map((m) => m.Subject).sort(), [
    'A week later, Name1',
    'Welcome Name1',
  ]);
  assert.equal((await mailTo('edge2@example.org')).length, 2);
});
