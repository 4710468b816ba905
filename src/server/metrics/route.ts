/**
 * `GET /_pinpost/metrics`: this process's metrics in Prometheus' text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/). Like Pinpost's other routes it is
 * open on loopback and needs a SigV4 request allowed `pinpost:ReadMetrics` beyond (README, "Pinpost's
 * own routes and who may call them").
 */
import type { InternalRoute } from '../internal-routes.js';
import { CONTENT_TYPE, exposition, type Metrics } from './registry.js';

export const METRICS_PATH = '/_pinpost/metrics';

export function metricsRoute(metrics: Metrics): InternalRoute {
  return {
    prefix: METRICS_PATH,
    access: { GET: 'pinpost:ReadMetrics' },
    handler: async () => ({
      status: 200,
      headers: { 'content-type': CONTENT_TYPE },
      body: await exposition(metrics),
    }),
  };
}
