import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionNames, BoundedValues, errorCodes, OTHER, outcomeOf, statusClassOf } from './labels.js';

test('outcomes and status classes are fixed names', () => {
  assert.deepEqual(
    [200, 204, 304, 400, 403, 429, 500, 503].map((s) => [outcomeOf(s), statusClassOf(s)]),
    [
      ['ok', '2xx'],
      ['ok', '2xx'],
      ['ok', '3xx'],
      ['client_error', '4xx'],
      ['client_error', '4xx'],
      ['client_error', '4xx'],
      ['server_error', '5xx'],
      ['server_error', '5xx'],
    ],
  );
  assert.equal(statusClassOf(999), '5xx');
});

test('action names keep their shape; anything else, and anything past the cap, is `other`', () => {
  const actions = actionNames();
  assert.equal(actions.label('iam:CreateRole'), 'iam:CreateRole');
  assert.equal(actions.label('pinpost:ReadMetrics'), 'pinpost:ReadMetrics');
  assert.equal(actions.label('mobiletargeting:TagResource'), 'mobiletargeting:TagResource');
  for (const bad of ['iam:Create Role', '/v1/apps', 'iam:*', '', 'x'.repeat(200)]) {
    assert.equal(actions.label(bad), OTHER, bad);
  }
  const few = new BoundedValues(/^[a-z]+$/, 2);
  assert.deepEqual(
    ['a', 'b', 'c', 'a', 'd', 'b'].map((v) => few.label(v)),
    ['a', 'b', OTHER, 'a', OTHER, 'b'],
  );
});

test('AWS error codes keep their shape', () => {
  const codes = errorCodes();
  assert.equal(codes.label('SignatureDoesNotMatch'), 'SignatureDoesNotMatch');
  assert.equal(codes.label('not a code'), OTHER);
});
