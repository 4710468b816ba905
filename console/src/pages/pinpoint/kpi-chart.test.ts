import assert from 'node:assert/strict';
import { test } from 'node:test';
import { daysBetween, kpiChartData, totals } from './kpi-chart.js';

const row = (day: string, value: string, key = 'TxnEmailsSent') => ({
  GroupedBys: [{ Key: 'Date', Type: 'String', Value: day }],
  Values: [{ Key: key, Type: 'Double', Value: value }],
});

test('the range gives one label per UTC day, both ends included', () => {
  assert.deepEqual(daysBetween(new Date('2026-12-01T10:00:00Z'), new Date('2026-12-03T00:00:00Z')), [
    '2026-12-01',
    '2026-12-02',
    '2026-12-03',
  ]);
});

test('grouped-by-date rows land on their day; days without a row are 0 (analytics-query-results.html)', () => {
  const data = kpiChartData(new Date('2026-12-01T00:00:00Z'), new Date('2026-12-04T00:00:00Z'), [
    { name: 'Sends', rows: [row('2026-12-02', '3.0'), row('2026-12-04', '1.0')] },
    { name: 'Opens', rows: [row('2026-12-02', '2.0', 'TxnEmailsOpened')] },
  ]);
  assert.deepEqual(data.labels, ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
  assert.deepEqual(data.series, [
    { name: 'Sends', values: [0, 3, 0, 1] },
    { name: 'Opens', values: [0, 2, 0, 0] },
  ]);
  assert.deepEqual(totals(data), [
    { name: 'Sends', total: 4 },
    { name: 'Opens', total: 2 },
  ]);
});

test('rows outside the range, without a date or without a number are left out', () => {
  const data = kpiChartData(new Date('2026-12-01T00:00:00Z'), new Date('2026-12-01T23:00:00Z'), [
    {
      name: 'Sends',
      rows: [
        row('2026-11-30', '9.0'),
        { Values: [{ Key: 'TxnEmailsSent', Type: 'Double', Value: '5.0' }] },
        row('2026-12-01', 'NaN'),
        row('2026-12-01', '1.0'),
      ],
    },
  ]);
  assert.deepEqual(data.series[0].values, [1]);
});

test('inputs of one name are one series, added up (hard and soft bounces as Bounces)', () => {
  const data = kpiChartData(new Date('2026-12-01T00:00:00Z'), new Date('2026-12-02T00:00:00Z'), [
    { name: 'Bounces', rows: [row('2026-12-01', '1.0', 'TxnEmailsHardBounced')] },
    { name: 'Bounces', rows: [row('2026-12-01', '2.0', 'TxnEmailsSoftBounced'), row('2026-12-02', '1.0')] },
  ]);
  assert.deepEqual(data.series, [{ name: 'Bounces', values: [3, 1] }]);
});
