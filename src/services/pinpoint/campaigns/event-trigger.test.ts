/** EVENT campaigns' filters (pinpoint/2016-12-01 CampaignEventFilter, EventDimensions). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PinpointEvent } from '../ports.js';
import type { EventFilter } from './model.js';
import { matchesFilter } from './event-trigger.js';

const event = (eventType: string, attributes: Record<string, string> = {}, metrics = {}): PinpointEvent => ({
  eventType,
  timestamp: new Date(0),
  appId: 'a',
  endpointId: 'e',
  attributes,
  metrics,
});

test('EventType INCLUSIVE/EXCLUSIVE, attributes and metrics all have to match', () => {
  const f: EventFilter = {
    FilterType: 'ENDPOINT' as const,
    Dimensions: {
      EventType: { DimensionType: 'INCLUSIVE' as const, Values: ['purchase'] },
      Attributes: { plan: { AttributeType: 'INCLUSIVE', Values: ['pro'] } },
      Metrics: { total: { ComparisonOperator: 'GREATER_THAN_OR_EQUAL', Value: 10 } },
    },
  };
  assert.equal(matchesFilter(f, event('purchase', { plan: 'pro' }, { total: 10 })), true);
  assert.equal(matchesFilter(f, event('purchase', { plan: 'free' }, { total: 10 })), false);
  assert.equal(matchesFilter(f, event('purchase', { plan: 'pro' }, { total: 9 })), false);
  assert.equal(matchesFilter(f, event('browse', { plan: 'pro' }, { total: 10 })), false);
  const not = {
    FilterType: 'ENDPOINT' as const,
    Dimensions: { EventType: { DimensionType: 'EXCLUSIVE' as const, Values: ['browse'] } },
  };
  assert.equal(matchesFilter(not, event('purchase')), true);
  assert.equal(matchesFilter(not, event('browse')), false);
});

test('SYSTEM filters match Pinpoint’s own `_` events, ENDPOINT filters the app’s', () => {
  const system = { FilterType: 'SYSTEM' as const, Dimensions: { EventType: { Values: ['_session.start'] } } };
  assert.equal(matchesFilter(system, event('_session.start')), true);
  const app = { FilterType: 'ENDPOINT' as const, Dimensions: { EventType: { Values: ['_session.start'] } } };
  assert.equal(matchesFilter(app, event('_session.start')), false);
});

test('attribute dimensions BEFORE, AFTER, ON and BETWEEN read the value as an ISO 8601 instant (AttributeDimension)', () => {
  type AttributeType = NonNullable<
    NonNullable<EventFilter['Dimensions']['Attributes']>[string]['AttributeType']
  >;
  const dated = (AttributeType: AttributeType, Values: string[]): EventFilter => ({
    FilterType: 'ENDPOINT' as const,
    Dimensions: { Attributes: { at: { AttributeType, Values } } },
  });
  const at = (v: string) => event('signup', { at: v });
  assert.equal(matchesFilter(dated('BEFORE', ['2026-03-01T00:00:00Z']), at('2026-02-28T23:59:59Z')), true);
  assert.equal(matchesFilter(dated('BEFORE', ['2026-03-01T00:00:00Z']), at('2026-03-01T00:00:00Z')), false);
  assert.equal(matchesFilter(dated('AFTER', ['2026-03-01T00:00:00Z']), at('2026-03-02T00:00:00Z')), true);
  assert.equal(matchesFilter(dated('ON', ['2026-03-01T08:00:00Z']), at('2026-03-01T23:00:00Z')), true);
  assert.equal(matchesFilter(dated('ON', ['2026-03-01T08:00:00Z']), at('2026-03-02T01:00:00Z')), false);
  const between = dated('BETWEEN', ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z']);
  assert.equal(matchesFilter(between, at('2026-02-01T00:00:00Z')), true);
  assert.equal(matchesFilter(between, at('2026-02-01T00:00:01Z')), false);
  assert.equal(matchesFilter(between, event('signup')), false, 'an event without the attribute');
  assert.equal(matchesFilter(dated('EXCLUSIVE', ['x']), event('signup')), true, 'EXCLUSIVE keeps it');
  assert.equal(matchesFilter(dated('CONTAINS', ['06']), at('2026-06-01')), true);
});
