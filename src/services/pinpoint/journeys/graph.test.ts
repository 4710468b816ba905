/** The activity graph: every path leads to an activity of the journey, and no path loops back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../wire/errors.js';
import { checkAcyclic, checkReferences, edges } from './graph.js';
import type { Activity } from './model.js';

const message = (fn: () => void): string => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AwsError);
    return e.awsMessage ?? '';
  }
  assert.fail('expected a BadRequestException');
};

test('edges lists every member that names a next activity', () => {
  const a: Activity = {
    MultiCondition: { Branches: [{ NextActivity: 'b' }, {}], DefaultActivity: 'c' },
  };
  assert.deepEqual(edges(a), [
    { member: 'MultiCondition.Branches[0].NextActivity', to: 'b' },
    { member: 'MultiCondition.DefaultActivity', to: 'c' },
  ]);
  assert.deepEqual(edges({ ConditionalSplit: { TrueActivity: 'x', FalseActivity: 'y' } }), [
    { member: 'ConditionalSplit.TrueActivity', to: 'x' },
    { member: 'ConditionalSplit.FalseActivity', to: 'y' },
  ]);
});

test('a path to an activity that is not in the journey is refused, naming the member', () => {
  const text = message(() =>
    checkReferences({
      a: { Wait: { NextActivity: 'b' } },
      b: { RandomSplit: { Branches: [{ NextActivity: 'zz' }] } },
    }),
  );
  assert.equal(
    text,
    'Activities.b.RandomSplit.Branches[0].NextActivity refers to activity zz, which is not in the journey',
  );
});

test('a cycle is refused with its path; a diamond (two paths to one activity) is not a cycle', () => {
  assert.equal(
    message(() =>
      checkAcyclic({
        a: { EMAIL: { NextActivity: 'b' } },
        b: { Wait: { NextActivity: 'c' } },
        c: { ConditionalSplit: { TrueActivity: 'd', FalseActivity: 'a' } },
        d: {},
      }),
    ),
    "The journey's activities form a cycle: a -> b -> c -> a",
  );
  assert.equal(
    message(() => checkAcyclic({ s: { Wait: { NextActivity: 's' } } })),
    "The journey's activities form a cycle: s -> s",
  );
  checkAcyclic({
    a: { ConditionalSplit: { TrueActivity: 'b', FalseActivity: 'c' } },
    b: { EMAIL: { NextActivity: 'd' } },
    c: { EMAIL: { NextActivity: 'd' } },
    d: { EMAIL: {} },
  });
});

test('a long chain is checked without recursion', () => {
  const chain: Record<string, Activity> = {};
  for (let i = 0; i < 50_000; i++)
    chain[`a${i}`] = { Wait: { NextActivity: i + 1 < 50_000 ? `a${i + 1}` : undefined } };
  checkAcyclic(chain);
});
