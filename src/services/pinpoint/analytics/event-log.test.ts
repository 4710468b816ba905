/**
 * SES's events of engine-sent messages become Pinpoint's `_email.*` events
 * (developerguide/event-streams-data-email.html), through the EventLog alone: the send's own events
 * (recorded by SES before the messaging part calls `attribute`) and the later ones, nothing for
 * messages the engine did not send, nothing when the send rolls back, and onRecord after commit.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database } from '../../../store/index.js';
import { openTestDatabase } from '../../../../test/support/database.js';
import type { SesEvent, SesEventType } from '../../ses/ports.js';
import {
  bounceDetail,
  complaintDetail,
  deliveryDetail,
  renderingFailureDetail,
  sendDetail,
} from '../../ses/sending/event-details.js';
import type { MailObject } from '../../ses/sending/store.js';
import type { Attribution, PinpointEvent } from '../ports.js';
import { PinpointEventLog } from './event-log.js';
import { analyticsMigrations } from './migrations.js';

const scope = { account: '111122223333', region: 'us-east-1' };
const NOW = new Date('2026-11-29T10:00:00.000Z');
const APP = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4';
const attribution: Attribution = {
  appId: APP,
  endpointId: 'ep-1',
  campaignId: 'camp-1',
  treatmentId: '0',
  runId: 'run-1',
  fromAddress: 'sender@example.com',
};

function mail(messageId: string): MailObject {
  return {
    timestamp: '2026-11-29T09:59:00.000Z',
    source: 'sender@example.com',
    sourceArn: 'arn:aws:ses:us-east-1:111122223333:identity/example.com',
    sendingAccountId: scope.account,
    messageId,
    destination: ['to@example.com'],
    headersTruncated: false,
    headers: [{ name: 'From', value: 'sender@example.com' }],
    commonHeaders: { from: ['sender@example.com'], to: ['to@example.com'], messageId: `<${messageId}>` },
    tags: {},
  } as unknown as MailObject;
}

const ses = (messageId: string, eventType: SesEventType, detail: Record<string, unknown>): SesEvent => ({
  messageId,
  scope,
  eventType,
  timestamp: NOW,
  detail,
});

async function setup(t: {
  after(fn: () => Promise<void>): void;
}): Promise<{ db: Database; log: PinpointEventLog }> {
  const db = await openTestDatabase(analyticsMigrations);
  const log = new PinpointEventLog(db, () => NOW);
  t.after(async () => {
    await log.settled();
    await db.close();
  });
  return { db, log };
}

/** The members of a streamed `_email.*` record the tests read. */
interface Streamed {
  event_type: string;
  event_version: string;
  event_timestamp: number;
  arrival_timestamp: number;
  application: unknown;
  client: unknown;
  awsAccountId: string;
  attributes: Record<string, string>;
  facets: { email_channel: { mail_event: Record<string, Record<string, unknown>> } };
}
const streamed = (e: PinpointEvent) => e.record as unknown as Streamed;

const recorded = async (log: PinpointEventLog, type?: string) =>
  (await log.query({ appId: APP, eventType: type, limit: 1000 })).reverse();

test('the send transaction: SEND and a simulator bounce recorded before attribute() become _email.send and _email.hardbounce', async (t) => {
  const { db, log } = await setup(t);
  const m = mail('m-1');
  await db.transaction(async () => {
    await log.onSesEvent(ses('m-1', 'SEND', sendDetail(m)));
    await log.onSesEvent(
      ses(
        'm-1',
        'BOUNCE',
        bounceDetail(m, NOW, 'Permanent', 'General', [{ emailAddress: 'to@example.com' }]),
      ),
    );
    assert.equal((await recorded(log)).length, 0, 'nothing before the message is attributed');
    await log.attribute(scope, 'm-1', attribution);
  });
  const events = await recorded(log);
  assert.deepEqual(
    events.map((e) => e.eventType),
    ['_email.send', '_email.hardbounce'],
  );
  const send = events[0];
  assert.equal(send.endpointId, 'ep-1');
  assert.equal(send.campaignId, 'camp-1');
  assert.equal(send.messageId, 'm-1');
  assert.equal(send.address, 'to@example.com');
  assert.deepEqual(send.attributes, {
    feedback: 'received',
    treatment_id: '0',
    campaign_id: 'camp-1',
    campaign_activity_id: 'run-1',
  });
  const r = streamed(send);
  assert.equal(r.event_type, '_email.send');
  assert.equal(r.event_version, '3.1');
  assert.equal(r.event_timestamp, Date.parse('2026-11-29T09:59:00.000Z'));
  assert.equal(r.arrival_timestamp, NOW.getTime());
  assert.deepEqual(r.application, { app_id: APP, sdk: {} });
  assert.deepEqual(r.client, { client_id: 'ep-1' });
  assert.equal(r.awsAccountId, scope.account);
  assert.equal(r.facets.email_channel.mail_event.mail.message_id, 'm-1');
  assert.equal(r.facets.email_channel.mail_event.mail.from_address, 'sender@example.com');
  assert.deepEqual(r.facets.email_channel.mail_event.mail.destination, ['to@example.com']);
  assert.deepEqual(r.facets.email_channel.mail_event.send, {});
  const bounce = streamed(events[1]);
  assert.equal(bounce.facets.email_channel.mail_event.bounce.bounce_type, 'Permanent');
});

test('later SES events of an attributed message map to their _email.* types, with snake_case facets', async (t) => {
  const { db, log } = await setup(t);
  const m = mail('m-2');
  await db.transaction(async () => {
    await log.onSesEvent(ses('m-2', 'SEND', sendDetail(m)));
    await log.attribute(scope, 'm-2', attribution);
  });
  const later: [SesEventType, Record<string, unknown>, string | undefined][] = [
    ['DELIVERY', deliveryDetail(m, NOW, ['to@example.com'], '250 ok'), '_email.delivered'],
    ['BOUNCE', bounceDetail(m, NOW, 'Transient', 'MailboxFull', []), '_email.softbounce'],
    ['BOUNCE', bounceDetail(m, NOW, 'Undetermined', 'Undetermined', []), '_email.softbounce'],
    ['COMPLAINT', complaintDetail(m, NOW, ['to@example.com']), '_email.complaint'],
    ['REJECT', { eventType: 'Reject', mail: m, reject: { reason: 'Bad content' } }, '_email.rejected'],
    [
      'OPEN',
      { eventType: 'Open', mail: m, open: { ipAddress: '192.0.2.1', userAgent: 'UA' } },
      '_email.open',
    ],
    [
      'CLICK',
      {
        eventType: 'Click',
        mail: m,
        click: { ipAddress: '192.0.2.1', link: 'https://example.com/x', userAgent: 'UA' },
      },
      '_email.click',
    ],
    ['RENDERING_FAILURE', renderingFailureDetail(m, 't', 'missing var'), '_email.rendering_failure'],
    [
      'SUBSCRIPTION',
      { eventType: 'Subscription', mail: m, subscription: { newTopicPreferences: { unsubscribeAll: true } } },
      '_email.unsubscribe',
    ],
    ['DELIVERY_DELAY', { eventType: 'DeliveryDelay', mail: m, deliveryDelay: {} }, undefined],
  ];
  for (const [type, detail, expected] of later) {
    const before = (await recorded(log)).length;
    await db.transaction(() => log.onSesEvent(ses('m-2', type, detail)));
    const events = await recorded(log);
    if (expected === undefined) assert.equal(events.length, before, `${type} has no Pinpoint event`);
    else assert.equal(events[events.length - 1].eventType, expected, type);
  }
  const click = (await recorded(log, '_email.click'))[0];
  assert.equal(click.attributes.feedback, 'https://example.com/x');
  const facet = streamed(click).facets.email_channel.mail_event;
  assert.deepEqual(facet.click, { ip_address: '192.0.2.1', link: 'https://example.com/x', user_agent: 'UA' });
  const delivered = streamed((await recorded(log, '_email.delivered'))[0]);
  assert.equal(delivered.facets.email_channel.mail_event.delivery.smtp_response, '250 ok');
  assert.equal(delivered.attributes.feedback, 'delivered');
});

test('messages the engine did not send, and sends that roll back, record nothing', async (t) => {
  const { db, log } = await setup(t);
  const calls: PinpointEvent[][] = [];
  log.onRecord((_s, events) => void calls.push(events));
  // A direct SES send: its events are never attributed.
  for (let i = 0; i < 40; i++)
    await db.transaction(() => log.onSesEvent(ses(`direct-${i}`, 'SEND', sendDetail(mail(`direct-${i}`)))));
  await db.transaction(() =>
    log.onSesEvent(ses('direct-0', 'DELIVERY', deliveryDetail(mail('direct-0'), NOW, [], '250'))),
  );
  assert.equal((await recorded(log)).length, 0);

  await assert.rejects(
    db.transaction(async () => {
      await log.onSesEvent(ses('m-3', 'SEND', sendDetail(mail('m-3'))));
      await log.attribute(scope, 'm-3', attribution);
      throw new Error('the send failed after all');
    }),
  );
  assert.equal((await recorded(log)).length, 0);
  // The rolled-back attribution is gone too: the message's later events are not Pinpoint's.
  await db.transaction(() =>
    log.onSesEvent(ses('m-3', 'DELIVERY', deliveryDetail(mail('m-3'), NOW, [], '250'))),
  );
  assert.equal((await recorded(log)).length, 0);
  await log.settled();
  assert.equal(calls.length, 0, 'no listener call for a rolled-back recording');
});

test('onRecord listeners run once per record call, after the recording transaction commits', async (t) => {
  const { db, log } = await setup(t);
  const seen: string[][] = [];
  log.onRecord((_s, events) => void seen.push(events.map((e) => e.eventType)));
  const event = (eventType: string): PinpointEvent => ({
    eventType,
    timestamp: NOW,
    appId: APP,
    attributes: {},
  });
  await log.record(scope, [event('purchase'), event('signup')]);
  assert.deepEqual(seen, [['purchase', 'signup']], 'outside a transaction: right away');
  await db.transaction(async () => {
    await log.record(scope, [event('inside')]);
    // Give a listener every chance to run early: it must wait for the commit.
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(seen.length, 1, 'not while the transaction is open');
  });
  await log.settled();
  assert.deepEqual(seen, [['purchase', 'signup'], ['inside']]);
  await assert.rejects(
    db.transaction(async () => {
      await log.record(scope, [event('rolled-back')]);
      throw new Error('the outer write failed');
    }),
  );
  // A later commit reuses nothing of the rolled-back one's: its listener call is its own.
  await log.record(scope, [event('after')]);
  await log.settled();
  assert.deepEqual(seen, [['purchase', 'signup'], ['inside'], ['after']]);
});
