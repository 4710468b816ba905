import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failureReason, progressOf, stillRunning } from './campaign-progress.js';

test('no activity yet: no fraction, not done', () => {
  assert.deepEqual(progressOf([]), { done: false, label: 'Waiting for the first run' });
});

test('a running activity reports its time zones completed over its total', () => {
  const p = progressOf([
    {
      State: 'RUNNING',
      TimezonesCompletedCount: 1,
      TimezonesTotalCount: 4,
      SuccessfulEndpointCount: 3,
      TotalEndpointCount: 10,
    },
  ]);
  assert.deepEqual(p, { fraction: 0.25, done: false, label: 'RUNNING: 3 of 10 endpoints delivered' });
});

test('without time zones, finished activities over all; all COMPLETED is 1 and done', () => {
  assert.equal(progressOf([{ State: 'COMPLETED' }, { State: 'PENDING' }]).fraction, 0.5);
  const p = progressOf([{ State: 'COMPLETED', SuccessfulEndpointCount: 2, TotalEndpointCount: 2 }]);
  assert.deepEqual(p, { fraction: 1, done: true, label: 'COMPLETED: 2 of 2 endpoints delivered' });
});

test('the failure reason comes from ExecutionMetrics.FailureReason', () => {
  assert.equal(
    failureReason({
      Result: 'FAIL',
      ExecutionMetrics: { FailureReason: 'Access denied', FailedEndpointCount: '2' },
    }),
    'Access denied',
  );
  assert.equal(failureReason({ Result: 'SUCCESS' }), undefined);
});

test('polling goes on while the campaign executes or a run is unfinished', () => {
  assert.equal(stillRunning('EXECUTING', []), true);
  assert.equal(stillRunning('SCHEDULED', [{ State: 'RUNNING' }]), true);
  assert.equal(stillRunning('COMPLETED', [{ State: 'COMPLETED' }]), false);
  // SCHEDULED to start now: the first run is about to show.
  assert.equal(stillRunning('SCHEDULED', [], 'IMMEDIATE'), true);
  const now = new Date('2026-12-05T10:00:00Z');
  assert.equal(stillRunning('SCHEDULED', [], '2026-12-05T09:00:00Z', now), true);
  assert.equal(stillRunning('SCHEDULED', [], '2026-12-06T09:00:00Z', now), false);
});
