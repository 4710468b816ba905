/** ISO 8601 durations as WaitTime.WaitFor and RefreshFrequency write them ("such as PT1H"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDuration, isZero, parseDuration } from './duration.js';

test('durations with date and time parts parse field by field', () => {
  assert.deepEqual(parseDuration('PT1H'), {
    years: 0,
    months: 0,
    weeks: 0,
    days: 0,
    hours: 1,
    minutes: 0,
    seconds: 0,
  });
  assert.deepEqual(parseDuration('P1Y2M3W4DT5H6M7.5S'), {
    years: 1,
    months: 2,
    weeks: 3,
    days: 4,
    hours: 5,
    minutes: 6,
    seconds: 7.5,
  });
  assert.equal(parseDuration('P1D')?.days, 1);
  assert.ok(isZero(parseDuration('PT0S')!));
});

test('text that is not a duration is refused', () => {
  for (const bad of ['', 'P', 'PT', '1D', 'P1H', 'PT1D', 'P-1D', 'P1.5D', 'one day', 'P1DT'])
    assert.equal(parseDuration(bad), undefined, bad);
});

test('adding a duration: months on the calendar, days and hours as fixed lengths', () => {
  const at = new Date('2030-01-31T10:00:00Z');
  assert.equal(addDuration(at, parseDuration('P1D')!).toISOString(), '2030-02-01T10:00:00.000Z');
  assert.equal(addDuration(at, parseDuration('PT90M')!).toISOString(), '2030-01-31T11:30:00.000Z');
  assert.equal(
    addDuration(new Date('2030-01-15T00:00:00Z'), parseDuration('P1M')!).toISOString(),
    '2030-02-15T00:00:00.000Z',
  );
  assert.equal(addDuration(at, parseDuration('P1W')!).toISOString(), '2030-02-07T10:00:00.000Z');
});
