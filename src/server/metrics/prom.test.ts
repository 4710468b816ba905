import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as prom from './prom.js';

test("the classes loaded from prom-client's files are the ones its index exports", async () => {
  const index = await import('prom-client');
  assert.equal(prom.Registry, index.Registry);
  assert.equal(prom.Counter, index.Counter);
  assert.equal(prom.Gauge, index.Gauge);
  assert.equal(prom.Histogram, index.Histogram);
  assert.equal(prom.Registry.PROMETHEUS_CONTENT_TYPE, 'text/plain; version=0.0.4; charset=utf-8');
});
