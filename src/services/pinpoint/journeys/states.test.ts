/**
 * The journey state machine (states.ts): every pair of stored state and requested state, for
 * UpdateJourneyState and for UpdateJourney's State.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../wire/errors.js';
import type { JourneyDoc, JourneyState } from './model.js';
import { stateChange, writeChange } from './states.js';

const NOW = new Date('2030-01-01T12:00:00Z');

const journey = (State: JourneyState, extra: Partial<JourneyDoc> = {}): JourneyDoc => ({
  Id: 'j',
  ApplicationId: 'a',
  Name: 'n',
  CreationDate: NOW.toISOString(),
  LastModifiedDate: NOW.toISOString(),
  State,
  tags: {},
  version: 1,
  Activities: { a1: { Wait: { WaitTime: { WaitFor: 'P1D' } } } },
  StartActivity: 'a1',
  RefreshFrequency: 'PT1H',
  ...extra,
});

const outcome = (fn: () => string): string => {
  try {
    return fn();
  } catch (e) {
    assert.ok(e instanceof AwsError);
    assert.equal(e.status, 400);
    return `refused: ${e.awsMessage}`;
  }
};

test('UpdateJourneyState: the transitions allowed and refused', () => {
  const minutesAgo = (n: number) => new Date(NOW.getTime() - n * 60_000).toISOString();
  const cases: [JourneyState, JourneyState, string, Partial<JourneyDoc>?][] = [
    ['DRAFT', 'ACTIVE', 'activated'],
    ['DRAFT', 'PAUSED', 'refused: Only an ACTIVE journey can be paused; this journey is DRAFT'],
    ['DRAFT', 'CANCELLED', 'refused: Only a published journey can be cancelled; this journey is a DRAFT'],
    ['ACTIVE', 'ACTIVE', 'none'],
    ['ACTIVE', 'PAUSED', 'paused'],
    [
      'ACTIVE',
      'PAUSED',
      'refused: Currently, PAUSED only supports journeys with a segment refresh interval',
      { RefreshFrequency: undefined },
    ],
    ['ACTIVE', 'CANCELLED', 'cancelled'],
    ['PAUSED', 'ACTIVE', 'resumed', { pausedAt: minutesAgo(5) }],
    [
      'PAUSED',
      'ACTIVE',
      'refused: A paused journey can only be resumed after five minutes have passed',
      { pausedAt: minutesAgo(4) },
    ],
    ['PAUSED', 'CANCELLED', 'cancelled'],
    ['CLOSED', 'CANCELLED', 'cancelled'],
    ['CLOSED', 'ACTIVE', "refused: A CLOSED journey can't be made ACTIVE again"],
    ['CLOSED', 'PAUSED', 'refused: Only an ACTIVE journey can be paused; this journey is CLOSED'],
    ['CANCELLED', 'ACTIVE', "refused: A CANCELLED journey can't be restarted or changed"],
    ['CANCELLED', 'PAUSED', "refused: A CANCELLED journey can't be restarted or changed"],
    ['CANCELLED', 'CANCELLED', 'none'],
    ['COMPLETED', 'ACTIVE', "refused: A COMPLETED journey can't be changed"],
    [
      'ACTIVE',
      'DRAFT',
      'refused: State DRAFT is not supported; supported values are ACTIVE, PAUSED, and CANCELLED',
    ],
    [
      'ACTIVE',
      'CLOSED',
      'refused: State CLOSED is not supported; supported values are ACTIVE, PAUSED, and CANCELLED',
    ],
    [
      'ACTIVE',
      'COMPLETED',
      'refused: State COMPLETED is not supported; supported values are ACTIVE, PAUSED, and CANCELLED',
    ],
  ];
  for (const [from, to, expected, extra] of cases)
    assert.equal(
      outcome(() => stateChange(journey(from, extra), to, NOW)),
      expected,
      `${from} -> ${to}`,
    );
});

test("UpdateJourney: drafts take any settings; an ACTIVE journey keeps its activities; others can't be edited", () => {
  const d = journey('DRAFT');
  assert.equal(writeChange(d, { Name: 'x' }), 'draft');
  assert.equal(writeChange(d, { Name: 'x', State: 'ACTIVE' }), 'activated');
  const a = journey('ACTIVE');
  assert.equal(
    writeChange(a, { Name: 'renamed', State: 'ACTIVE', Activities: a.Activities, StartActivity: 'a1' }),
    'updated',
  );
  assert.equal(
    outcome(() => writeChange(a, { Name: 'x', Activities: a.Activities, StartActivity: 'a1' })),
    'refused: An ACTIVE journey can only be updated with State ACTIVE',
  );
  assert.equal(
    outcome(() =>
      writeChange(a, {
        Name: 'x',
        State: 'ACTIVE',
        Activities: { a1: { Wait: { WaitTime: { WaitFor: 'P2D' } } } },
        StartActivity: 'a1',
      }),
    ),
    "refused: If a journey's status is ACTIVE, you can't add, change, or remove activities from it",
  );
  assert.equal(
    outcome(() => writeChange(journey('PAUSED'), { Name: 'x' })),
    'refused: A paused journey cannot be edited',
  );
  for (const s of ['CANCELLED', 'COMPLETED', 'CLOSED'] as const)
    assert.equal(
      outcome(() => writeChange(journey(s), { Name: 'x', State: 'ACTIVE' })),
      `refused: A journey in state ${s} can't be updated`,
    );
});
