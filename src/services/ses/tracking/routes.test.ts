import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { RawRequest } from '../../../wire/context.js';
import type { EventPort, SesEvent } from '../ports.js';
import { COLLECTION_WINDOW_MS, trackingRoutes } from './routes.js';
import { TokenCodec } from './token.js';

const scope = { account: '111122223333', region: 'us-east-1' };
const sentAt = new Date('2026-01-01T00:00:00.000Z');

function harness() {
  const recorded: SesEvent[] = [];
  const send: SesEvent = {
    messageId: 'm1',
    scope,
    eventType: 'SEND',
    timestamp: sentAt,
    configurationSetName: 'cs',
    detail: { eventType: 'Send', mail: { timestamp: sentAt.toISOString(), messageId: 'm1' }, send: {} },
  };
  const events: EventPort = {
    record: async (e) => void recorded.push(e),
    ofMessage: async (s, id) => (id === 'm1' && s.account === scope.account ? [send, ...recorded] : []),
  };
  const now = { value: new Date(sentAt.getTime() + 60_000) };
  const codec = new TokenCodec(randomBytes(32));
  const [route] = trackingRoutes(codec, events, () => now.value);
  const get = async (path: string, method = 'GET') => {
    const req: RawRequest = {
      method,
      path,
      rawQuery: '',
      headers: { 'user-agent': 'UA' },
      body: Buffer.alloc(0),
      sourceIp: '192.0.2.1',
      secure: false,
    };
    return route.handler(req);
  };
  return { recorded, now, codec, get };
}

describe('tracking routes (event-publishing-retrieving-sns-contents.html)', () => {
  it('records a Click with SES’s fields and redirects', async () => {
    const h = harness();
    const t = h.codec.seal('click', { scope, messageId: 'm1', link: 'https://a.example/' });
    const res = await h.get(`/_pinpost/t/c/${t}`);
    assert.equal(res.status, 302);
    assert.equal(res.headers['location'], 'https://a.example/');
    assert.equal(h.recorded.length, 1);
    assert.equal(h.recorded[0].eventType, 'CLICK');
    assert.equal(h.recorded[0].configurationSetName, 'cs');
    assert.deepEqual(h.recorded[0].detail['click'], {
      ipAddress: '192.0.2.1',
      timestamp: h.now.value.toISOString(),
      userAgent: 'UA',
      link: 'https://a.example/',
    });
  });

  it('stops recording 60 days after the send but keeps redirecting (faqs-metrics.html, general Q1)', async () => {
    const h = harness();
    h.now.value = new Date(sentAt.getTime() + COLLECTION_WINDOW_MS + 1);
    const t = h.codec.seal('click', { scope, messageId: 'm1', link: 'https://a.example/' });
    assert.equal((await h.get(`/_pinpost/t/c/${t}`)).status, 302);
    const o = h.codec.seal('open', { scope, messageId: 'm1' });
    assert.equal((await h.get(`/_pinpost/t/o/${o}`)).status, 200);
    assert.equal(h.recorded.length, 0);
  });

  it('is 404 for a message never sent (a send refused after its HTML was tracked), 405 for POST', async () => {
    const h = harness();
    const t = h.codec.seal('open', { scope, messageId: 'never-sent' });
    assert.equal((await h.get(`/_pinpost/t/o/${t}`)).status, 404);
    assert.equal((await h.get(`/_pinpost/t/o/${t}`, 'POST')).status, 405);
    assert.equal(h.recorded.length, 0);
  });
});
