import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FailedListener } from '../../mail/index.js';
import type { SesEvent, SesEventType } from '../../services/ses/ports.js';
import { bounceTypeOf, countMail } from './mail-metrics.js';
import { createMetrics } from './registry.js';

const event = (eventType: SesEventType, detail: Record<string, unknown> = {}): SesEvent => ({
  messageId: 'm',
  scope: { account: '000000000000', region: 'us-east-1' },
  eventType,
  timestamp: new Date(0),
  detail,
});

test('each SES event and outbox failure counts once into its metric; opens and clicks into none', async () => {
  const metrics = createMetrics();
  let onEvent: (e: SesEvent) => void = () => undefined;
  let onFailed: FailedListener = () => undefined;
  countMail(metrics, { onSesEvent: (l) => (onEvent = l), onFailed: (l) => (onFailed = l) });
  for (const type of ['SEND', 'SEND', 'DELIVERY', 'COMPLAINT', 'REJECT', 'OPEN', 'CLICK'] as const) {
    onEvent(event(type));
  }
  onEvent(event('BOUNCE', { bounce: { bounceType: 'Transient' } }));
  onEvent(event('BOUNCE', { bounce: { bounceType: 'Permanent' } }));
  onEvent(event('BOUNCE', { bounce: { bounceType: 'Permanent' } }));
  onFailed({} as never, [], 'refused');
  const one = async (c: typeof metrics.messagesSent) => (await c.get()).values[0]?.value;
  assert.equal(await one(metrics.messagesSent), 2);
  assert.equal(await one(metrics.messagesDelivered), 1);
  assert.equal(await one(metrics.messagesComplained), 1);
  assert.equal(await one(metrics.messagesRejected), 1);
  assert.equal(await one(metrics.messagesFailed), 1);
  assert.deepEqual(
    (await metrics.messagesBounced.get()).values.map((v) => [v.labels.bounce_type, v.value]),
    [
      ['Transient', 1],
      ['Permanent', 2],
    ],
  );
});

test("a bounce type outside SES's three is Undetermined", () => {
  assert.equal(bounceTypeOf({ bounce: { bounceType: 'Permanent' } }), 'Permanent');
  assert.equal(bounceTypeOf({ bounce: { bounceType: 'whatever' } }), 'Undetermined');
  assert.equal(bounceTypeOf({}), 'Undetermined');
});
