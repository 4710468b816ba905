/**
 * The compiled segment predicate over endpoint documents, dimension by dimension
 * (pinpoint/2016-12-01 AttributeDimension, SetDimension, MetricDimension, GPSPointDimension,
 * RecencyDimension; userguide/segments-building.html), with the edge cases of each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EndpointDoc } from '../endpoints.js';
import type { SegmentDimensions } from './model.js';
import { combine, compileDimensions } from './predicate.js';

const NOW = new Date('2026-11-29T12:00:00.000Z');

function ep(id: string, fields: Partial<EndpointDoc> = {}): EndpointDoc {
  return { Id: id, CohortId: '1', CreationDate: '2026-01-01T00:00:00.000Z', ...fields };
}

const matching = (d: SegmentDimensions, eps: EndpointDoc[]) => {
  const p = compileDimensions(d, NOW);
  return eps.filter(p).map((e) => e.Id);
};

const people = [
  ep('a', { Attributes: { Interests: ['mail', 'ses'] }, User: { UserAttributes: { Plan: ['gold'] } } }),
  ep('b', { Attributes: { Interests: ['push'] }, User: { UserAttributes: { Plan: ['silver'] } } }),
  ep('c', { Attributes: { Other: ['x'] } }),
  ep('d'),
];

test('no dimensions (or empty ones) match every endpoint', () => {
  assert.deepEqual(matching({}, people), ['a', 'b', 'c', 'd']);
  assert.deepEqual(compileDimensions(undefined, NOW)(ep('z')), true);
});

test('Attributes INCLUSIVE (the default) matches any listed value, exactly and case included', () => {
  assert.deepEqual(matching({ Attributes: { Interests: { Values: ['ses', 'push'] } } }, people), ['a', 'b']);
  assert.deepEqual(
    matching({ Attributes: { Interests: { AttributeType: 'INCLUSIVE', Values: ['SES'] } } }, people),
    [],
  );
});

test('Attributes EXCLUSIVE drops endpoints with a listed value and keeps those without the attribute', () => {
  assert.deepEqual(
    matching({ Attributes: { Interests: { AttributeType: 'EXCLUSIVE', Values: ['mail'] } } }, people),
    ['b', 'c', 'd'],
  );
});

test('Attributes CONTAINS matches a substring of any value', () => {
  assert.deepEqual(
    matching({ Attributes: { Interests: { AttributeType: 'CONTAINS', Values: ['us'] } } }, people),
    ['b'],
  );
  assert.deepEqual(
    matching({ Attributes: { Interests: { AttributeType: 'CONTAINS', Values: ['zz', 'e'] } } }, people),
    ['a'],
  );
});

test('UserAttributes read User.UserAttributes', () => {
  assert.deepEqual(matching({ UserAttributes: { Plan: { Values: ['gold'] } } }, people), ['a']);
  assert.deepEqual(
    matching({ UserAttributes: { Plan: { AttributeType: 'EXCLUSIVE', Values: ['gold'] } } }, people),
    ['b', 'c', 'd'],
  );
});

test('BEFORE, AFTER, ON (same UTC day, time ignored) and BETWEEN (inclusive) read ISO 8601 dates', () => {
  const dated = [
    ep('early', { Attributes: { Signup: ['2026-01-10T08:00:00Z'] } }),
    ep('mid', { Attributes: { Signup: ['2026-06-15T23:59:59Z'] } }),
    ep('late', { Attributes: { Signup: ['2026-11-01T00:00:00Z'] } }),
    ep('junk', { Attributes: { Signup: ['not a date'] } }),
    ep('none'),
  ];
  const on = (AttributeType: 'BEFORE' | 'AFTER' | 'ON' | 'BETWEEN', Values: string[]) =>
    matching({ Attributes: { Signup: { AttributeType, Values } } }, dated);
  assert.deepEqual(on('BEFORE', ['2026-06-15T23:59:59Z']), ['early']);
  assert.deepEqual(on('AFTER', ['2026-06-15T00:00:00Z']), ['mid', 'late']);
  assert.deepEqual(on('ON', ['2026-06-15T00:00:01Z']), ['mid']);
  assert.deepEqual(on('BETWEEN', ['2026-01-10T08:00:00Z', '2026-06-15T23:59:59Z']), ['early', 'mid']);
  // Values in either order.
  assert.deepEqual(on('BETWEEN', ['2026-11-01T00:00:00Z', '2026-06-01T00:00:00Z']), ['mid', 'late']);
});

test('Demographic.Channel is the ChannelType; other Demographic keys and Location.Country their member', () => {
  const devices = [
    ep('mail', {
      ChannelType: 'EMAIL',
      Demographic: { Platform: 'ios', Make: 'Apple' },
      Location: { Country: 'JP' },
    }),
    ep('sms', {
      ChannelType: 'SMS',
      Demographic: { Platform: 'android', Make: 'LG' },
      Location: { Country: 'US' },
    }),
    ep('bare'),
  ];
  assert.deepEqual(matching({ Demographic: { Channel: { Values: ['EMAIL'] } } }, devices), ['mail']);
  assert.deepEqual(
    matching({ Demographic: { Channel: { DimensionType: 'EXCLUSIVE', Values: ['EMAIL'] } } }, devices),
    ['sms', 'bare'],
  );
  assert.deepEqual(matching({ Demographic: { Platform: { Values: ['android', 'web'] } } }, devices), ['sms']);
  assert.deepEqual(matching({ Location: { Country: { Values: ['JP'] } } }, devices), ['mail']);
  // Several dimensions are all required.
  assert.deepEqual(
    matching(
      { Demographic: { Make: { Values: ['Apple'] } }, Location: { Country: { Values: ['US'] } } },
      devices,
    ),
    [],
  );
});

test('Location.GPSPoint keeps endpoints within RangeInKilometers by great-circle distance', () => {
  const places = [
    ep('tokyo', { Location: { Latitude: 35.68, Longitude: 139.76 } }),
    ep('yokohama', { Location: { Latitude: 35.44, Longitude: 139.64 } }), // ~29 km
    ep('osaka', { Location: { Latitude: 34.69, Longitude: 135.5 } }), // ~400 km
    ep('nowhere', { Location: { Country: 'JP' } }),
  ];
  const near = (RangeInKilometers?: number) =>
    matching(
      { Location: { GPSPoint: { Coordinates: { Latitude: 35.68, Longitude: 139.76 }, RangeInKilometers } } },
      places,
    );
  assert.deepEqual(near(50), ['tokyo', 'yokohama']);
  assert.deepEqual(near(20), ['tokyo']);
  assert.deepEqual(near(500), ['tokyo', 'yokohama', 'osaka']);
  assert.deepEqual(near(undefined), ['tokyo']);
});

test('Metrics compare with each operator; an endpoint without the metric never matches', () => {
  const scored = [ep('low', { Metrics: { score: 1 } }), ep('high', { Metrics: { score: 5 } }), ep('none')];
  const cmp = (
    ComparisonOperator:
      'GREATER_THAN' | 'LESS_THAN' | 'GREATER_THAN_OR_EQUAL' | 'LESS_THAN_OR_EQUAL' | 'EQUAL',
  ) => matching({ Metrics: { score: { ComparisonOperator, Value: 5 } } }, scored);
  assert.deepEqual(cmp('GREATER_THAN'), []);
  assert.deepEqual(cmp('GREATER_THAN_OR_EQUAL'), ['high']);
  assert.deepEqual(cmp('LESS_THAN'), ['low']);
  assert.deepEqual(cmp('LESS_THAN_OR_EQUAL'), ['low', 'high']);
  assert.deepEqual(cmp('EQUAL'), ['high']);
});

test('Behavior.Recency ACTIVE / INACTIVE against EffectiveDate and the clock', () => {
  const seen = [
    ep('hour', { EffectiveDate: '2026-11-29T11:00:00.000Z' }),
    ep('days', { EffectiveDate: '2026-11-25T12:00:00.000Z' }),
    ep('month', { EffectiveDate: '2026-10-01T12:00:00.000Z' }),
    ep('never'),
  ];
  const recency = (Duration: 'HR_24' | 'DAY_7' | 'DAY_30', RecencyType: 'ACTIVE' | 'INACTIVE') =>
    matching({ Behavior: { Recency: { Duration, RecencyType } } }, seen);
  assert.deepEqual(recency('HR_24', 'ACTIVE'), ['hour']);
  assert.deepEqual(recency('DAY_7', 'ACTIVE'), ['hour', 'days']);
  assert.deepEqual(recency('DAY_7', 'INACTIVE'), ['month', 'never']);
  assert.deepEqual(recency('DAY_30', 'INACTIVE'), ['month', 'never']);
});

test('combine: ALL is every, ANY is one, NONE is none of the predicates', () => {
  const isA = (e: EndpointDoc) => e.Id.includes('a');
  const isB = (e: EndpointDoc) => e.Id.includes('b');
  const ids = ['a', 'b', 'ab', 'c'].map((id) => ep(id));
  const run = (how: 'ALL' | 'ANY' | 'NONE') => ids.filter(combine(how, [isA, isB])).map((e) => e.Id);
  assert.deepEqual(run('ALL'), ['ab']);
  assert.deepEqual(run('ANY'), ['a', 'b', 'ab']);
  assert.deepEqual(run('NONE'), ['c']);
  assert.equal(combine('NONE', [])(ep('x')), true);
});
