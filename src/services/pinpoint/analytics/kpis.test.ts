/**
 * KPI computation over the event log (developerguide/analytics-standard-metrics.html,
 * analytics-query-results.html): the range is inclusive, other apps' and journeys' events are not
 * counted, a rate without a denominator and a count of nothing have no rows, and every formula is
 * for a documented name.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Database } from '../../../store/index.js';
import { openTestDatabase } from '../../../../test/support/database.js';
import type { PinpointEvent } from '../ports.js';
import { PinpointEventLog } from './event-log.js';
import { BASE, isKpiName, type Population } from './kpi-catalog.js';
import { computeKpi, type KpiQuery } from './kpis.js';
import { analyticsMigrations } from './migrations.js';

const scope = { account: '111122223333', region: 'us-east-1' };
const T = Date.parse('2026-11-20T12:00:00.000Z');

const opened: Database[] = [];
after(async () => {
  for (const db of opened) await db.close();
});

async function setup(events: PinpointEvent[]) {
  const db = await openTestDatabase(analyticsMigrations);
  opened.push(db);
  await new PinpointEventLog(db, () => new Date(T)).record(scope, events);
  return (q: Partial<KpiQuery> & { name: string }) =>
    computeKpi(db, {
      scope,
      appId: 'app',
      population: 'transactional',
      start: new Date(T - 86_400_000),
      end: new Date(T),
      ...q,
    });
}

const ev = (
  eventType: string,
  messageId: string,
  at: number,
  more: Partial<PinpointEvent> = {},
): PinpointEvent => ({
  eventType,
  timestamp: new Date(at),
  appId: 'app',
  messageId,
  address: `${messageId}@example.com`,
  attributes: {},
  ...more,
});

test('the range is inclusive at both ends; other apps and journey sends are not transactional', async () => {
  const kpi = await setup([
    ev('_email.send', 'a', T),
    ev('_email.send', 'b', T - 86_400_000),
    ev('_email.send', 'c', T - 86_400_001),
    ev('_email.send', 'd', T, { appId: 'other' }),
    ev('_email.send', 'e', T, { attributes: { journey_id: 'j' } }),
    ev('_email.send', 'f', T, { campaignId: 'camp' }),
  ]);
  assert.deepEqual(await kpi({ name: 'txn-emails-sent' }), [
    { Values: [{ Key: 'TxnEmailsSent', Type: 'Double', Value: '2.0' }] },
  ]);
  assert.equal((await kpi({ name: 'unique-deliveries', population: 'campaigns' })).length, 0);
  assert.deepEqual(
    await kpi({
      name: 'attempted-deliveries-grouped-by-campaign-activity',
      population: 'campaign',
      campaignId: 'camp',
    }),
    [],
  );
});

test('a rate without a denominator and a count of nothing have no rows; a difference never goes below 0', async () => {
  const kpi = await setup([ev('_email.open', 'a', T), ev('_email.hardbounce', 'b', T)]);
  assert.deepEqual(await kpi({ name: 'txn-emails-delivery-rate' }), []);
  assert.deepEqual(await kpi({ name: 'txn-emails-clicked' }), []);
  assert.deepEqual(await kpi({ name: 'txn-emails-delivered' }), []);
  const sent = await setup([
    ev('_email.send', 'a', T),
    ev('_email.softbounce', 'a', T),
    ev('_email.rejected', 'a', T),
  ]);
  assert.deepEqual(await sent({ name: 'txn-emails-delivered' }), [
    { Values: [{ Key: 'TxnEmailsDelivered', Type: 'Double', Value: '0.0' }] },
  ]);
});

test('clicks count every click; unique clicks count recipients once', async () => {
  const kpi = await setup([
    ev('_email.click', 'a', T, { endpointId: 'e1' }),
    ev('_email.click', 'a', T, { endpointId: 'e1' }),
    ev('_email.click', 'b', T),
  ]);
  assert.equal((await kpi({ name: 'txn-emails-clicked' }))[0].Values[0].Value, '3.0');
  assert.equal((await kpi({ name: 'txn-emails-unique-clicks' }))[0].Values[0].Value, '2.0');
});

test('every formula is for a name the standard-metrics page lists', () => {
  for (const [population, formulas] of Object.entries(BASE)) {
    for (const base of Object.keys(formulas)) {
      const named =
        isKpiName(population as Population, base) ||
        [
          '-grouped-by-date',
          '-grouped-by-campaign',
          '-grouped-by-campaign-activity',
          '-grouped-by-country',
        ].some((s) => isKpiName(population as Population, base + s));
      assert.ok(named, `${population} ${base} is a documented name`);
    }
  }
  assert.equal(isKpiName('campaign', 'txn-emails-sent'), false);
});
