/**
 * The services' shared state for one server: the database (every bounded context's migrations),
 * the IAM, STS and SES stores, mail delivery, the credential chain and the authorizer. The server
 * builds one, asks it for its service definitions and routes, and starts its workers once it
 * listens; tests build one on `:memory:`.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import pino from 'pino';
import {
  clockMigrations,
  clockRoute,
  ManualClock,
  SharedClock,
  systemClock,
  Timeline,
  type Clock,
} from '../clock/index.js';
import { JOB_KINDS } from '../jobs/kinds.js';
import { messageInsightsOperation } from './ses/insights/message-insights.js';
import { metricDataOperation } from './ses/insights/metric-data.js';
import { sesV2ReportOperations } from './ses/insights/v2-reports.js';
import { jobMigrations, JobQueue, Jobs, JobWorker } from '../jobs/index.js';
import { createMail, mailMigrations, type Mail } from '../mail/index.js';
import { OTHER } from '../server/metrics/labels.js';
import { createEgress } from '../net/index.js';
import { pinpostError } from '../server/errors.js';
import type { InternalRoute } from '../server/internal-routes.js';
import { countMail } from '../server/metrics/mail-metrics.js';
import { refreshQueues } from '../server/metrics/queue-metrics.js';
import { createMetrics, type Metrics } from '../server/metrics/registry.js';
import { metricsRoute } from '../server/metrics/route.js';
import { refreshStore } from '../server/metrics/store-metrics.js';
import { errorCode } from '../store/data-directory.js';
import { isPostgresUrl, openDatabase, PostgresDatabase, type Database } from '../store/index.js';
import { lockDataDirectory } from '../store/lock.js';
import { generationMigrations } from '../store/generations.js';
import { rateBucketMigrations } from '../store/rate-buckets.js';
import { chainResolvers, type CredentialResolver } from '../wire/credentials.js';
import type { ServiceDefinition } from '../wire/operation.js';
import type { Pipeline } from '../wire/pipeline.js';
import { accessAnalyzerService as aa } from './accessanalyzer/service.js';
import { IamAuthorizer } from './iam/authz/authorizer.js';
import { recordServiceAccess } from './iam/service-access-wiring.js';
import { StoreCredentials } from './iam/authz/credentials.js';
import { authzMigrations } from './iam/authz/generation.js';
import type { IamDeps } from './iam/deps.js';
import { iamService } from './iam/service.js';
import { applyRootKey, rootKeyMigrations, type RootKey } from './iam/store-root-key.js';
import { DEFAULT_ACCOUNT_ID, iamMigrations, IamStore } from './iam/store.js';
import { ImportRoot } from '../net/import-root.js';
import { outboundFederationRoute } from './iam/outbound-federation.js';
import { identityProviderMigrations } from './iam/store-identity-providers.js';
import { partitionIdOfRegion } from '../iam/policy/partitions.js';
import {
  createSesControl,
  sesControlMigrations,
  useSendCounter,
  verificationRoutes,
  type SesControl,
} from './ses/control/index.js';
import { receivingRoutes, receivingV1Operations } from './ses/receiving/index.js';
import { createSesSending, sesSendingMigrations, type SesSending } from './ses/sending/index.js';
import { sesV1Service } from './ses/service-v1.js';
import { sesV2Service } from './ses/service-v2.js';
import { createSmtpInterface, type SmtpInterface } from './ses/smtp/index.js';
import { createSesTracking, sesTrackingMigrations } from './ses/tracking/index.js';
import { createPinpoint, pinpointMigrations, type Pinpoint } from './pinpoint/index.js';
import { pinpointService } from './pinpoint/service.js';
import { stsService } from './sts/service.js';
import { stsMigrations, StsStore } from './sts/store.js';

export interface RuntimeOptions {
  /**
   * A directory for the database file (locked by this runtime until close), `:memory:`, or a
   * `postgres://` URL (shared with any number of other Pinpost processes).
   */
  data: string;
  /** PostgreSQL's pool size for this process. */
  poolSize?: number;
  /**
   * `api`: no background work here (other processes on the same PostgreSQL do it); `worker`: no
   * SMTP interface (the server answers only metrics); `all` (default): both.
   */
  role?: 'api' | 'worker' | 'all';
  /** The default account's root key from configuration; the migrations' `test`/`test` when absent. */
  rootKey?: RootKey;
  region: string;
  host?: string;
  sesSandbox?: boolean;
  sesVerification?: 'instant' | 'email';
  transport?: 'capture' | 'smtp' | 'ses';
  smtpRelay?: string;
  sesUpstream?: string;
  /**
   * Where users reach this server (verification and tracking links). When not given, the address
   * the server is bound to once it listens (`start`), so `--port 0` links carry the real port.
   */
  publicUrl?: string;
  /** The production sending quota new SES accounts get (AWS's common first grant by default). */
  sesProductionQuota?: { max24HourSend: number; maxSendRate: number };
  /** The SES SMTP interface's port: 0 a free one, -1 (the default here) none. */
  smtpPort?: number;
  log?: Logger;
  /**
   * The one clock every time-based rule reads (src/clock/): the system's when not given,
   * `createClock('manual')` for `--clock manual`, `clockFrom(() => t)` for a test moving time itself.
   */
  clock?: Clock;
  /** Where `s3://bucket/key` import sources are read: `<importRoot>/bucket/key` (src/net/). */
  importRoot?: string;
  /** Import URLs and hooks may reach loopback, private and link-local addresses (src/net/). */
  allowPrivateEgress?: boolean;
}

export interface Runtime {
  /** The one clock (src/clock/). */
  clock: Clock;
  /**
   * Where parts register their time-driven work, and what moves a manual clock
   * (`POST /_pinpost/clock`): an advance runs every part's due work in time order.
   */
  timeline: Timeline;
  db: Database;
  iam: IamStore;
  sts: StsStore;
  ses: { control: SesControl; sending: SesSending; v1: ServiceDefinition; v2: ServiceDefinition };
  mail: Mail;
  pinpoint: Pinpoint;
  authorizer: IamAuthorizer;
  credentials: CredentialResolver;
  services: ServiceDefinition[];
  routes: InternalRoute[];
  /** The one job mechanism: the queue every part adds durable work to, and this process's worker. */
  jobs: Jobs;
  /** This runtime's Prometheus metrics (`GET /_pinpost/metrics`; the server counts requests into them). */
  metrics: Metrics;
  /** Starts what runs beside the HTTP server (outbox delivery, the SMTP interface). */
  /** Starts the workers; `boundUrl` is the listening server's own URL (links use it unless `publicUrl` was given). */
  start(pipeline: Pick<Pipeline, 'invoke'>, boundUrl?: string): Promise<{ smtpPort?: number }>;
  /** Stops the workers and closes the database. */
  close(): Promise<void>;
}

/** A job kind as a metric label: one of the closed set, else `other`. */
const jobKindLabel = (kind: string): string =>
  (JOB_KINDS as readonly string[]).includes(kind) ? kind : OTHER;

export const MIGRATIONS = [
  ...jobMigrations,
  ...rateBucketMigrations,
  ...generationMigrations,
  ...clockMigrations,
  ...iamMigrations,
  ...identityProviderMigrations,
  ...rootKeyMigrations,
  ...stsMigrations,
  ...authzMigrations,
  ...sesControlMigrations,
  ...sesSendingMigrations,
  ...mailMigrations,
  ...pinpointMigrations,
  ...sesTrackingMigrations,
];

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? pino({ level: 'silent' });
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const timeline = new Timeline(clock, log.child({ component: 'clock' }));
  let boundUrl: string | undefined;
  const publicUrl = () => (options.publicUrl ?? boundUrl ?? 'http://127.0.0.1:4566').replace(/\/+$/, '');
  const metrics = createMetrics();
  // PostgreSQL is shared by design; a SQLite directory belongs to one process.
  const lock = isPostgresUrl(options.data) ? { release: () => undefined } : lockDataDirectory(options.data);
  let db: Database;
  try {
    db = await openDatabase({ data: options.data, migrations: MIGRATIONS, poolSize: options.poolSize });
  } catch (err) {
    lock.release();
    throw err;
  }
  const iam = new IamStore(db);
  // --clock manual on PostgreSQL: one clock for every process on the database (src/clock/).
  let sharedClock: SharedClock | undefined;
  try {
    if (clock instanceof ManualClock && db.dialect.name === 'postgres') {
      sharedClock = await SharedClock.join(db, clock, log.child({ component: 'clock' }));
      timeline.share(sharedClock);
    }
    if (options.rootKey) await applyRootKey(db, DEFAULT_ACCOUNT_ID, options.rootKey, clock.now());
    // The default account lives in the partition of the server's region (us-gov-west-1: aws-us-gov).
    await iam.accounts.movePartition(DEFAULT_ACCOUNT_ID, partitionIdOfRegion(options.region));
  } catch (err) {
    await db.close();
    lock.release();
    throw err;
  }
  iam.clock = now;
  // The one job mechanism (src/jobs): every part's durable work runs in this process's worker,
  // and in every other process's on the same PostgreSQL database.
  const jobs = new Jobs(
    db,
    new JobWorker({
      queue: new JobQueue(db),
      now: () => clock.now().getTime(),
      log: log.child({ component: 'jobs' }),
      onClaimed: (kind, job) => {
        const label = jobKindLabel(kind);
        metrics.jobsClaimed.labels(label).inc();
        if (job.takenOverFrom) metrics.jobLeaseTakeovers.labels(label).inc();
      },
      onSettled: (kind, outcome) => metrics.jobsSettled.labels(jobKindLabel(kind), outcome).inc(),
    }),
  );
  timeline.register(jobs.worker);
  // A SQLite directory is this process's alone (its lock): leases left in it are a dead process's.
  if (db.dialect.name === 'sqlite') await jobs.queue.releaseAll();
  const sts = new StsStore(db);
  sts.clock = now;
  const authorizer = new IamAuthorizer(iam);
  const accessRecorder = recordServiceAccess(authorizer, iam, options.region);
  const deps: IamDeps = { store: iam, sts, authorizer, publicUrl, accessRecorder };
  const mail = createMail(db, {
    transport: options.transport ?? 'capture',
    smtpRelay: options.smtpRelay,
    sesUpstream: options.sesUpstream,
    log,
    jobs,
    now: () => clock.now().getTime(),
  });
  // The one guarded path to the outside's folder for s3:// (SES receipt rules write, imports read).
  const importRoot =
    options.importRoot ??
    join(options.data === ':memory:' || isPostgresUrl(options.data) ? '.pinpost' : options.data, 'imports');
  // The one guarded path to the outside; the import root defaults as ServerConfig's does.
  const egress = createEgress({ importRoot, allowPrivate: options.allowPrivateEgress ?? false });
  const control = createSesControl(db, {
    sandbox: options.sesSandbox ?? false,
    productionQuota: options.sesProductionQuota,
    verification: options.sesVerification ?? 'instant',
    mail: { mime: mail.mime, outbox: mail.outbox },
    publicUrl,
    now,
    importRoot,
    jobs,
    egress,
  });
  const tracking = await createSesTracking(db, { publicUrl, clock: now });
  const sending = createSesSending(db, {
    control,
    outbox: mail.outbox,
    mime: mail.mime,
    authorizer,
    tracking,
    clock: now,
  });
  useSendCounter(control, (scope) => sending.sentLast24Hours(scope));
  // SES records Delivery and DeliveryDelay events when the outbox delivers or has to retry.
  mail.onDeliveredMany((batch) =>
    sending.recordDeliveries(
      batch.map((d) => ({
        messageId: d.message.messageId,
        recipients: d.recipients,
        smtpResponse: d.smtpResponse,
      })),
    ),
  );
  mail.onRetrying((m, recipients, error) => sending.recordDeliveryDelay(m.messageId, recipients, error));
  countMail(metrics, { onSesEvent: (l) => sending.onEvent(l), onFailed: (l) => mail.onFailed(l) });
  metrics.refresh = async () => {
    await refreshQueues(metrics, db, clock.now());
    await refreshStore(metrics, db, options.data);
  };
  const receiving = { importRoot, mail: { mime: mail.mime, outbox: mail.outbox }, now };
  const v1 = sesV1Service([
    ...control.v1Operations(),
    ...sending.v1Operations(),
    ...receivingV1Operations(db, control, receiving),
  ]);
  const v2 = sesV2Service([
    ...control.v2Operations(),
    ...sending.v2Operations(),
    messageInsightsOperation(db),
    metricDataOperation(db),
    ...sesV2ReportOperations(db, {
      sendEmail: (raw, ctx) => sending.embeddedSendEmail(raw, ctx),
      deliveryFailed: async (id) => (await mail.outboxState(id)).some((s) => s.status === 'failed'),
      now,
    }),
  ]);
  const credentials = chainResolvers(new StoreCredentials(iam, sts));
  // importRoot is also where the operator registers OIDC providers' keys.
  const stsDefinition = stsService({
    ...deps,
    region: options.region,
    importRoot: new ImportRoot(importRoot),
  });
  const pinpoint = createPinpoint(db, {
    ...deps,
    region: options.region,
    ses: control,
    credentials,
    services: { sts: () => stsDefinition, sesV2: () => v2 },
    onSesEvent: (listener) => sending.onEvent(listener),
    publicUrl,
    clock: now,
    log,
    metrics,
    jobs,
    egress,
  });
  for (const work of pinpoint.timedWork) timeline.register(work);
  let smtp: SmtpInterface | undefined;
  return {
    clock,
    timeline,
    db,
    jobs,
    iam,
    sts,
    ses: { control, sending, v1, v2 },
    mail,
    pinpoint,
    authorizer,
    credentials,
    services: [iamService(deps), stsDefinition, v1, v2, pinpointService(pinpoint.operations()), aa()],
    metrics,
    routes: [
      metricsRoute(metrics),
      ...mail.routes(
        sending.events,
        async (scope, domain) => (await control.identities.find(scope, domain))?.dkim,
      ),
      ...verificationRoutes(control),
      ...receivingRoutes(db, control, receiving),
      ...tracking.routes(sending.events),
      ...pinpoint.routes(),
      clockRoute(clock, timeline),
      outboundFederationRoute(db, publicUrl),
    ],
    async start(pipeline, url) {
      boundUrl = url;
      const role = options.role ?? 'all';
      if (role !== 'api') {
        if (db instanceof PostgresDatabase) await db.vacuum.start(log.child({ component: 'store' }));
        jobs.worker.start();
        mail.start();
        await pinpoint.start(pipeline);
      }
      const port = options.smtpPort ?? -1;
      if (port < 0 || role === 'worker') return {};
      const host = options.host ?? '127.0.0.1';
      smtp = createSmtpInterface({
        host,
        port,
        region: options.region,
        pipeline,
        sesV1: v1,
        credentials,
        log,
      });
      try {
        return { smtpPort: (await smtp.start()).port };
      } catch (err) {
        const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
        throw pinpostError('PINPOST_SMTP_LISTEN_FAILED', address, errorCode(err));
      }
    },
    async close() {
      timeline.close();
      await smtp?.stop();
      // Hands back what this process still holds, so another process takes it at once.
      await jobs.worker.stop();
      await pinpoint.stop();
      await mail.stop();
      await accessRecorder.flush();
      sharedClock?.close();
      await db.close();
      lock.release();
    },
  };
}
