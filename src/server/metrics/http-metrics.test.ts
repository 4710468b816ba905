import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KNOWN_SERVICES } from '../../wire/known-services.js';
import type { OperationSpec, ServiceDefinition } from '../../wire/operation.js';
import { HttpMetrics } from './http-metrics.js';
import { createMetrics } from './registry.js';

const op = (name: string): OperationSpec => ({
  name,
  action: `iam:${name}`,
  resources: () => ['*'],
  handler: () => ({}),
});
const listUsers = op('ListUsers');
const iam: ServiceDefinition = { id: 'iam', signingName: 'iam', protocol: 'query', operations: [listUsers] };

async function series(metrics = createMetrics()) {
  return (await metrics.requests.get()).values.map((v) => ({ ...v.labels, value: v.value }));
}

test('an operation from the tables is labelled by its service id and name', async () => {
  const metrics = createMetrics();
  const http = new HttpMetrics(metrics, [iam]);
  http.observe({ api: { service: iam, operation: listUsers } }, 200, 0.002);
  http.observe({ api: { service: iam, operation: listUsers } }, 200, 0.003);
  http.observe({ api: { service: iam, operation: listUsers } }, 403, 0.001);
  assert.deepEqual(await series(metrics), [
    { service: 'iam', operation: 'ListUsers', outcome: 'ok', status_class: '2xx', value: 2 },
    { service: 'iam', operation: 'ListUsers', outcome: 'client_error', status_class: '4xx', value: 1 },
  ]);
  const duration = (await metrics.requestDuration.get()).values;
  const count = duration.find((v) => v.metricName === 'pinpost_request_duration_seconds_count');
  assert.deepEqual([count?.labels, count?.value], [{ service: 'iam', operation: 'ListUsers' }, 3]);
});

test('a service or operation the server was not started with is `unknown`, whatever it calls itself', async () => {
  const metrics = createMetrics();
  const http = new HttpMetrics(metrics, [iam]);
  // A stand-in made from a credential scope, and an operation object from no table.
  const standIn: ServiceDefinition = { id: 'evil', signingName: 'evil', protocol: 'query', operations: [] };
  http.observe({ api: { service: standIn } }, 400, 0.001);
  http.observe({ api: { service: standIn, operation: op('Anything') } }, 400, 0.001);
  http.observe({ api: {} }, 400, 0.001);
  // A known service whose operation was not read (refused before decode) or is not in its table.
  http.observe({ api: { service: iam } }, 403, 0.001);
  http.observe({ api: { service: iam, operation: op('NotAnIamOperation') } }, 400, 0.001);
  // A stand-in of a service Pinpost knows the wire facts of.
  http.observe({ api: { service: KNOWN_SERVICES.find((s) => s.id === 'pinpoint') } }, 403, 0.001);
  // A path under Pinpost's prefixes that no route answers.
  http.observe({ route: undefined }, 404, 0.001);
  assert.deepEqual(await series(metrics), [
    { service: 'unknown', operation: 'unknown', outcome: 'client_error', status_class: '4xx', value: 3 },
    { service: 'iam', operation: 'unknown', outcome: 'client_error', status_class: '4xx', value: 2 },
    { service: 'pinpoint', operation: 'unknown', outcome: 'client_error', status_class: '4xx', value: 1 },
    { service: 'pinpost', operation: 'unknown', outcome: 'client_error', status_class: '4xx', value: 1 },
  ]);
});

test('denials are labelled by service and a bounded action name', async () => {
  const metrics = createMetrics();
  const http = new HttpMetrics(metrics, [iam]);
  http.denied(iam, 'iam:ListUsers');
  http.denied(
    { id: 'pinpost', signingName: 'pinpost', protocol: 'restJson', operations: [] },
    'pinpost:ReadMetrics',
  );
  http.denied({ id: 'x', signingName: 'x', protocol: 'query', operations: [] }, 'not an action');
  http.authenticationFailed('SignatureDoesNotMatch');
  assert.deepEqual(
    (await metrics.authorizationDenials.get()).values.map((v) => [v.labels, v.value]),
    [
      [{ service: 'iam', action: 'iam:ListUsers' }, 1],
      [{ service: 'pinpost', action: 'pinpost:ReadMetrics' }, 1],
      [{ service: 'unknown', action: 'other' }, 1],
    ],
  );
  assert.deepEqual(
    (await metrics.authenticationFailures.get()).values.map((v) => [v.labels, v.value]),
    [[{ code: 'SignatureDoesNotMatch' }, 1]],
  );
});
