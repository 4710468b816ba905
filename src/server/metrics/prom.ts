/**
 * prom-client's metric classes, loaded from their own files. Its index also loads the default
 * process metrics (whose CPU metric pulls in @opentelemetry/api), the Pushgateway client and the
 * Summary's t-digest: ~100 ms of CPU at start on this project's 2-core machine against ~17 ms for
 * these four, and `pinpost start` is healthy in ~300 ms. The index is loaded on the first scrape
 * instead (registry.ts, processMetrics). prom-client has no `exports` map, so these paths are
 * public to Node; prom.test.ts checks they are the very classes the index exports.
 */
import { createRequire } from 'node:module';
import type * as PromClient from 'prom-client';

const require = createRequire(import.meta.url);

export const Registry = require('prom-client/lib/registry') as typeof PromClient.Registry;
export const Counter = require('prom-client/lib/counter') as typeof PromClient.Counter;
export const Gauge = require('prom-client/lib/gauge') as typeof PromClient.Gauge;
export const Histogram = require('prom-client/lib/histogram') as typeof PromClient.Histogram;
