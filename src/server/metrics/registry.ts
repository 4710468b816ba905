/**
 * Pinpost's Prometheus metrics (`GET /_pinpost/metrics`, README "Metrics"): one {@link Metrics} per
 * runtime, each with its own prom-client Registry, so two servers in one process (tests) never
 * count into each other. Parts count through the objects here (`metrics.journeyEndpoints.inc()`);
 * label values come only from fixed sets (labels.ts), never from a request.
 *
 * The process's own metrics (CPU, memory, event-loop lag, handles: prom-client's default metrics)
 * describe the process, not a runtime, and their collectors (an event-loop delay monitor, a GC
 * observer) live as long as the process: they are made once, on the first scrape, in a registry
 * of their own that every scrape appends.
 */
import type { Counter, Gauge, Histogram, Registry as PromRegistry } from 'prom-client';
import * as prom from './prom.js';

/** Seconds; from a cached read (~1 ms) to a large SES v2 message or a long poll. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface Metrics {
  readonly registry: PromRegistry;
  /** Requests answered, by service, operation, outcome and HTTP status class (http-metrics.ts). */
  readonly requests: Counter<'service' | 'operation' | 'outcome' | 'status_class'>;
  /** From arrival to the last byte sent. */
  readonly requestDuration: Histogram<'service' | 'operation'>;
  /** IAM decisions that denied (under `--iam soft`, would have denied) an action. */
  readonly authorizationDenials: Counter<'service' | 'action'>;
  /** Requests refused by authentication, by AWS's error code. */
  readonly authenticationFailures: Counter<'code'>;
  /** SES accepted a message (its `Send` event; mail-metrics.ts). */
  readonly messagesSent: Counter;
  readonly messagesDelivered: Counter;
  readonly messagesBounced: Counter<'bounce_type'>;
  readonly messagesComplained: Counter;
  readonly messagesRejected: Counter;
  /** The outbox gave up on a message (a permanent refusal, or retries exhausted). */
  readonly messagesFailed: Counter;
  readonly campaignRunsStarted: Counter;
  /** Runs that ended with every activity's Result SUCCESS. */
  readonly campaignRunsCompleted: Counter;
  /** Runs that ended with an activity's Result FAIL. */
  readonly campaignRunsFailed: Counter;
  /** Endpoints a run sent to (`delivered`: SES accepted it) or could not (`failed`). */
  readonly campaignEndpoints: Counter<'outcome'>;
  /** For the journey engine: a journey run began (an activated journey's start). */
  readonly journeyRuns: Counter;
  /** For the journey engine: an endpoint entered a journey. */
  readonly journeyEndpoints: Counter;
  /** Jobs this process claimed, by kind (src/jobs). */
  readonly jobsClaimed: Counter<'kind'>;
  /** Claims that took over a job whose process's lease had run out (a killed process). */
  readonly jobLeaseTakeovers: Counter<'kind'>;
  /** Jobs this process settled, by kind and outcome (done, again, retry, failed, lost). */
  readonly jobsSettled: Counter<'kind' | 'outcome'>;
  /** Work waiting, by kind, read from the store at scrape time (queue-metrics.ts). */
  readonly queueDepth: Gauge<'kind'>;
  readonly queueOldestAge: Gauge<'kind'>;
  /** The SQLite database file and its write-ahead log (store-metrics.ts). */
  readonly storeDatabaseBytes: Gauge;
  readonly storeWalBytes: Gauge;
  /** PostgreSQL: round trips this process made to the server (store-metrics.ts). */
  readonly storeRoundTrips: Counter;
  /** SQLite: the write-ahead log's checkpoints its store's own thread ran (store-metrics.ts). */
  readonly storeCheckpoints: Counter;
  /** PostgreSQL: tables this process vacuumed or analyzed, autovacuum being off (store/postgres-vacuum.ts). */
  readonly storeMaintenance: Counter<'operation'>;
  /** PostgreSQL's connection pool of this process: total, idle, and callers waiting (store-metrics.ts). */
  readonly storePool: Gauge<'state'>;
  /** HTTP connections open, and those busy answering a request (server/connection-limits.ts). */
  readonly httpConnections: Gauge<'state'>;
  /** Brings the gauges read at scrape time up to date (queues, store); set by the runtime. */
  refresh: () => Promise<void>;
  /** The server's connection counts, read at scrape time; set by the HTTP server that counts into these. */
  connections?: () => { open: number; busy: number };
}

export function createMetrics(): Metrics {
  const connections = (): Metrics['connections'] => metrics.connections;
  const registry = new prom.Registry();
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new prom.Counter<L>({ name, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new prom.Gauge<L>({ name, help, labelNames, registers });
  const metrics: Metrics = {
    registry,
    requests: counter('pinpost_requests_total', 'Requests answered, by service, operation and outcome.', [
      'service',
      'operation',
      'outcome',
      'status_class',
    ]),
    requestDuration: new prom.Histogram({
      name: 'pinpost_request_duration_seconds',
      help: 'Time from a request arriving to its answer sent, by service and operation.',
      labelNames: ['service', 'operation'],
      buckets: DURATION_BUCKETS,
      registers,
    }),
    authorizationDenials: counter(
      'pinpost_authorization_denials_total',
      'Actions IAM denied (under --iam soft: would have denied), by service and action.',
      ['service', 'action'],
    ),
    authenticationFailures: counter(
      'pinpost_authentication_failures_total',
      'Requests refused by authentication, by AWS error code.',
      ['code'],
    ),
    messagesSent: counter('pinpost_messages_sent_total', 'Messages SES accepted (Send events).'),
    messagesDelivered: counter('pinpost_messages_delivered_total', 'SES Delivery events.'),
    messagesBounced: counter('pinpost_messages_bounced_total', 'SES Bounce events, by bounce type.', [
      'bounce_type',
    ]),
    messagesComplained: counter('pinpost_messages_complained_total', 'SES Complaint events.'),
    messagesRejected: counter('pinpost_messages_rejected_total', 'SES Reject events.'),
    messagesFailed: counter(
      'pinpost_messages_failed_total',
      'Messages the outbox gave up on (refused for good, or retries exhausted).',
    ),
    campaignRunsStarted: counter('pinpost_campaign_runs_started_total', 'Campaign runs started.'),
    campaignRunsCompleted: counter(
      'pinpost_campaign_runs_completed_total',
      'Campaign runs ended with every activity SUCCESS.',
    ),
    campaignRunsFailed: counter(
      'pinpost_campaign_runs_failed_total',
      'Campaign runs ended with an activity FAIL.',
    ),
    campaignEndpoints: counter(
      'pinpost_campaign_endpoints_total',
      'Endpoints campaign runs sent to, by outcome (delivered: SES accepted; failed).',
      ['outcome'],
    ),
    journeyRuns: counter('pinpost_journey_runs_started_total', 'Journey runs started.'),
    journeyEndpoints: counter('pinpost_journey_endpoints_entered_total', 'Endpoints that entered a journey.'),
    jobsClaimed: counter('pinpost_jobs_claimed_total', 'Jobs this process claimed, by kind.', ['kind']),
    jobLeaseTakeovers: counter(
      'pinpost_job_lease_takeovers_total',
      "Jobs this process took over after another process's lease ran out, by kind.",
      ['kind'],
    ),
    jobsSettled: counter('pinpost_jobs_settled_total', 'Jobs this process settled, by kind and outcome.', [
      'kind',
      'outcome',
    ]),
    queueDepth: gauge('pinpost_queue_depth', 'Work items waiting or in progress, by kind.', ['kind']),
    queueOldestAge: gauge(
      'pinpost_queue_oldest_age_seconds',
      'Age of the oldest waiting work item, by kind (0 when none).',
      ['kind'],
    ),
    storeDatabaseBytes: gauge(
      'pinpost_store_database_bytes',
      'Size of the database (SQLite file or PostgreSQL database).',
    ),
    storeWalBytes: gauge(
      'pinpost_store_wal_bytes',
      "Size of the SQLite database's write-ahead log (0 on PostgreSQL).",
    ),
    storeRoundTrips: counter(
      'pinpost_store_round_trips_total',
      'Messages this process sent PostgreSQL and waited for (a statement, or several sent together).',
    ),
    storeCheckpoints: counter(
      'pinpost_store_checkpoints_total',
      "Checkpoints of the SQLite write-ahead log run on the store's own thread (0 on PostgreSQL).",
    ),
    storeMaintenance: counter(
      'pinpost_store_maintenance_total',
      "Tables this process vacuumed or analyzed because PostgreSQL's autovacuum is off, by operation.",
      ['operation'],
    ),
    storePool: gauge(
      'pinpost_store_pool_connections',
      'PostgreSQL pool connections of this process: total, idle, and callers waiting for one.',
      ['state'],
    ),
    httpConnections: new prom.Gauge({
      name: 'pinpost_http_connections',
      help: 'HTTP connections open, and busy answering a request.',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = connections()?.();
        if (!counts) return;
        this.labels('open').set(counts.open);
        this.labels('busy').set(counts.busy);
      },
    }),
    refresh: () => Promise.resolve(),
  };
  return metrics;
}

let processRegistry: Promise<PromRegistry> | undefined;

/** The process's metrics (prom-client's defaults), made on first use; see the module comment. */
export function processMetrics(): Promise<PromRegistry> {
  processRegistry ??= import('prom-client').then(({ collectDefaultMetrics }) => {
    const registry = new prom.Registry();
    collectDefaultMetrics({ register: registry });
    return registry;
  });
  return processRegistry;
}

/** The exposition text of a runtime's metrics followed by the process's. */
export async function exposition(metrics: Metrics): Promise<string> {
  await metrics.refresh();
  const own = await metrics.registry.metrics();
  const process = await (await processMetrics()).metrics();
  return own.endsWith('\n') ? own + process : `${own}\n${process}`;
}

export const CONTENT_TYPE = prom.Registry.PROMETHEUS_CONTENT_TYPE;
