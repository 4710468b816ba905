/**
 * Amazon Pinpoint's email engine (restJson1 under `/v1/`, signing name `mobiletargeting`): apps and
 * their settings, the email channel with its orchestration sending role, endpoints, segments,
 * templates, direct sends, campaigns, journeys and their analytics. Each part lives in its own folder and
 * reaches the others through `ports.ts`.
 */
import type { Jobs } from '../../jobs/index.js';
import type { TimedWork } from '../../clock/index.js';
import type { InternalRoute } from '../../server/internal-routes.js';
import { createMetrics, type Metrics } from '../../server/metrics/registry.js';
import pino, { type Logger } from 'pino';
import type { Egress } from '../../net/index.js';
import type { Database } from '../../store/index.js';
import type { CredentialResolver } from '../../wire/credentials.js';
import type { OperationSpec, ServiceDefinition } from '../../wire/operation.js';
import type { Pipeline } from '../../wire/pipeline.js';
import type { IamDeps } from '../iam/deps.js';
import type { SesControl } from '../ses/control/index.js';
import type { SesEvent } from '../ses/ports.js';
import { analyticsMigrations, createAnalytics } from './analytics/index.js';
import { appOperations } from './apps.js';
import { campaignMigrations, createCampaigns } from './campaigns/index.js';
import { channelOperations } from './channels/operations.js';
import { consoleRoutes } from './console/routes.js';
import { emailChannelOperations } from './email-channel.js';
import { endpointOperations } from './endpoints.js';
import { createJourneys, journeyRunMigrations } from './journeys/index.js';
import { createMessaging, messagingMigrations } from './messaging/index.js';
import { pinpointDocumentMigrations } from './migrations.js';
import type { PinpointContext, PinpointPart, Ports } from './ports.js';
import { createSegments, segmentMigrations } from './segments/index.js';
import { settingsOperations } from './settings.js';
import { inAppMessageOperations } from './in-app-messages.js';
import { phoneNumberValidateOperations } from './phone-number-validate.js';
import { recommenderOperations } from './recommenders.js';
import { removeAttributesOperations } from './remove-attributes.js';
import { PinpointStore } from './store.js';
import { tagOperations } from './tags.js';
import { createTemplates, templateMigrations } from './templates/index.js';

export const pinpointMigrations = [
  ...pinpointDocumentMigrations,
  ...analyticsMigrations,
  ...segmentMigrations,
  ...templateMigrations,
  ...messagingMigrations,
  ...campaignMigrations,
  ...journeyRunMigrations,
];

export interface PinpointDeps extends IamDeps {
  region: string;
  ses: SesControl;
  credentials: CredentialResolver;
  services: { sts: () => ServiceDefinition; sesV2: () => ServiceDefinition };
  onSesEvent(listener: (e: SesEvent) => Promise<void>): void;
  publicUrl?: () => string;
  /** The one clock (src/clock/); the system's when not given. */
  clock?: () => Date;
  log?: Logger;
  /** The guarded path to the outside: the import root and http(s) egress (src/net/). */
  egress: Egress;
  /** The runtime's metrics; a registry of its own when not given. */
  metrics?: Metrics;
  /** The one job mechanism (src/jobs/): campaign runs and batches, journey passes, imports. */
  jobs: Jobs;
}

export interface Pinpoint {
  operations(): OperationSpec[];
  /**
   * Starts what each part runs beside the job worker (journeys of an upgraded database get their
   * pass) once the server can take calls; resolves once every part has started.
   */
  start(pipeline: Pick<Pipeline, 'invoke'>): Promise<void>;
  stop(): Promise<void>;
  routes(): InternalRoute[];
  context: PinpointContext;
  /** Every part's work at clock times, for the runtime's Timeline (src/clock/). */
  timedWork: TimedWork[];
}

export function createPinpoint(db: Database, deps: PinpointDeps): Pinpoint {
  const clock = deps.clock ?? (() => new Date());
  const store = new PinpointStore(db, clock);
  let pipeline: Pick<Pipeline, 'invoke'> | undefined;
  const c: PinpointContext = {
    db,
    store,
    region: deps.region,
    clock,
    log: deps.log ?? pino({ level: 'silent' }),
    ses: deps.ses,
    authorizer: deps.authorizer,
    pipeline: () => {
      if (!pipeline) throw new Error('the Pinpoint engine was used before the server started');
      return pipeline;
    },
    services: deps.services,
    credentials: deps.credentials,
    onSesEvent: deps.onSesEvent,
    publicUrl: deps.publicUrl ?? (() => 'http://127.0.0.1:4566'),
    egress: deps.egress,
    ports: {} as Ports,
    metrics: deps.metrics ?? createMetrics(),
    jobs: deps.jobs,
  };
  const analytics = createAnalytics(c);
  c.ports.events = analytics.log;
  const templates = createTemplates(c);
  c.ports.templates = templates.source;
  const segments = createSegments(c);
  c.ports.segments = segments.resolver;
  const messaging = createMessaging(c);
  c.ports.orchestrator = messaging.orchestrator;
  const campaigns = createCampaigns(c);
  const journeys = createJourneys(c);
  const parts: PinpointPart[] = [
    analytics,
    templates,
    segments,
    messaging,
    campaigns,
    journeys,
    consoleRoutes(c),
  ];
  const own = { store };
  return {
    context: c,
    timedWork: parts.flatMap((p) => p.timed ?? []),
    operations: () => [
      ...appOperations(own),
      ...settingsOperations(c),
      ...tagOperations(c),
      ...emailChannelOperations({ ...own, ses: deps.ses, authorizer: deps.authorizer }),
      ...endpointOperations(own),
      ...channelOperations(own),
      ...recommenderOperations(own),
      ...inAppMessageOperations(own),
      ...removeAttributesOperations(own),
      ...phoneNumberValidateOperations(),
      ...parts.flatMap((p) => p.operations),
    ],
    routes: () => parts.flatMap((p) => p.routes ?? []),
    async start(p) {
      pipeline = p;
      for (const part of parts) await part.start?.();
    },
    async stop() {
      for (const part of parts) await part.stop?.();
    },
  };
}
