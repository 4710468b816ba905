import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutJourney, metricLines, type GraphActivity } from './journey-graph.js';

const activities: Record<string, GraphActivity> = {
  first: { EMAIL: { TemplateName: 'welcome', NextActivity: 'pause' } },
  pause: { Wait: { NextActivity: 'opened' } },
  opened: { ConditionalSplit: { TrueActivity: 'second', FalseActivity: 'split' } },
  split: {
    RandomSplit: {
      Branches: [
        { Percentage: 60, NextActivity: 'second' },
        { Percentage: 40, NextActivity: 'hold' },
      ],
    },
  },
  second: { EMAIL: { TemplateName: 'welcome' } },
  hold: { Holdout: { Percentage: 10 } },
  orphan: { Wait: {} },
};

test('each activity sits in the column of its longest path from the start', () => {
  const g = layoutJourney(activities, 'first');
  const col = Object.fromEntries(g.nodes.map((n) => [n.id, n.column]));
  assert.deepEqual(col, { first: 0, pause: 1, opened: 2, split: 3, second: 4, hold: 4, orphan: 5 });
  const kind = Object.fromEntries(g.nodes.map((n) => [n.id, n.kind]));
  assert.equal(kind.opened, 'ConditionalSplit');
  assert.equal(kind.hold, 'Holdout');
});

test('edges carry the path’s meaning: Yes/No, a random branch’s percentage', () => {
  const g = layoutJourney(activities, 'first');
  assert.deepEqual(
    g.edges.filter((e) => e.from === 'opened' || e.from === 'split'),
    [
      { from: 'opened', to: 'second', label: 'Yes' },
      { from: 'opened', to: 'split', label: 'No' },
      { from: 'split', to: 'second', label: '60%' },
      { from: 'split', to: 'hold', label: '40%' },
    ],
  );
});

test('nodes of one column get distinct rows and the drawing is as large as its nodes', () => {
  const g = layoutJourney(activities, 'first');
  const column4 = g.nodes.filter((n) => n.column === 4).map((n) => n.row);
  assert.deepEqual(column4.sort(), [0, 1]);
  for (const n of g.nodes) {
    assert.ok(n.x + 180 <= g.width);
    assert.ok(n.y + 64 <= g.height);
  }
});

test('an edge to an activity not in the journey is not drawn', () => {
  const g = layoutJourney({ a: { EMAIL: { NextActivity: 'missing' } } }, 'a');
  assert.deepEqual(g.edges, []);
  assert.equal(g.nodes.length, 1);
});

test('metric lines list every metric, sorted', () => {
  assert.deepEqual(metricLines({ SUCCESS: '2', ENDPOINT_PRODUCED: '3' }), [
    'ENDPOINT_PRODUCED: 3',
    'SUCCESS: 2',
  ]);
  assert.deepEqual(metricLines(undefined), []);
});
