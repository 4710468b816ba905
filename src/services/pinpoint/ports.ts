/**
 * The seams between Pinpoint's parts. Each folder (analytics/, segments/, templates/, messaging/,
 * campaigns/) implements one port and uses the others only through these types, so a campaign run
 * reads segments, renders templates, sends through the orchestration role and records events
 * without knowing how any of them is stored.
 */
import type { Jobs } from '../../jobs/index.js';
import type { TimedWork } from '../../clock/index.js';
import type { InternalRoute } from '../../server/internal-routes.js';
import type { Metrics } from '../../server/metrics/registry.js';
import type { Logger } from 'pino';
import type { Egress } from '../../net/index.js';
import type { Database } from '../../store/index.js';
import type { CredentialResolver } from '../../wire/credentials.js';
import type { Authorizer, OperationSpec, ServiceDefinition } from '../../wire/operation.js';
import type { Pipeline } from '../../wire/pipeline.js';
import type { SesControl } from '../ses/control/index.js';
import type { SesEvent } from '../ses/ports.js';
import type { EndpointDoc } from './endpoints.js';
import type { PinpointStore, Scope } from './store.js';

export type { EndpointDoc } from './endpoints.js';
export type { Scope } from './store.js';

/** What every part is built from. */
export interface PinpointContext {
  db: Database;
  store: PinpointStore;
  region: string;
  /**
   * The one clock (src/clock/): schedules, quiet time, events, KPIs, every date written. Work due
   * at a clock time is declared as the part's `timed` work, so a manual clock's advance runs it.
   */
  clock: () => Date;
  /** The server's log: long work (campaign runs, import jobs) says when it starts and ends. */
  log: Logger;
  ses: SesControl;
  authorizer: Authorizer;
  /** The running server's pipeline; set by `start`, so only call it while running. */
  pipeline: () => Pick<Pipeline, 'invoke'>;
  /** The service definitions internal calls go to. */
  services: { sts: () => ServiceDefinition; sesV2: () => ServiceDefinition };
  credentials: CredentialResolver;
  /**
   * SES events as they are recorded (SesSending.onEvent), inside the recording transaction: the
   * listener's writes are awaited there, so they commit or roll back with the event.
   */
  onSesEvent(listener: (e: SesEvent) => Promise<void>): void;
  /** Where recipients reach this server (tracking links); `http://127.0.0.1:4566` when not given. */
  publicUrl: () => string;
  /**
   * The one guarded path to the outside (src/net/): import sources and campaign hooks read and
   * fetch only through it. Read at call time (tests swap it).
   */
  egress: Egress;
  /** The other parts, filled in as they are created (read them at call time, not at creation). */
  ports: Ports;
  /** The runtime's Prometheus metrics (campaign and journey runs count into them; server/metrics/). */
  metrics: Metrics;
  /** The one job mechanism (src/jobs/): durable work any process of the cluster may run. */
  jobs: Jobs;
}

export interface Ports {
  events: EventLog;
  segments: SegmentResolver;
  templates: EmailTemplateSource;
  orchestrator: Orchestrator;
}

/** One part of Pinpoint: its operations, and what runs in the background while the server runs. */
export interface PinpointPart {
  operations: OperationSpec[];
  /** Pinpost's own HTTP routes (`/_pinpost/pinpoint/…`), unsigned like the mailbox's. */
  routes?: InternalRoute[];
  /** Resolves once the part has read what it resumes from the store (queued work). */
  start?(): void | Promise<void>;
  stop?(): Promise<void>;
  /**
   * Work this part has at clock times (src/clock/timeline.ts): the runtime registers it, so
   * `POST /_pinpost/clock` runs it, in time order, when an advance reaches its time.
   */
  timed?: TimedWork[];
}

// ---- analytics/ ------------------------------------------------------------------------------

/**
 * An event as Pinpoint stores and streams it (developerguide/event-streams-data-email.html): the
 * `_email.*` events of campaign, journey and direct sends, and the app's own events (PutEvents).
 */
export interface PinpointEvent {
  /** `_email.send`, `_email.delivered`, … or the app's own event type. */
  eventType: string;
  timestamp: Date;
  appId: string;
  endpointId?: string;
  /** Event attributes as AWS streams them (`campaign_id`, `treatment_id`, `from_address`, …). */
  attributes: Record<string, string>;
  metrics?: Record<string, number>;
  /** The SES message id, for `_email.*` events. */
  messageId?: string;
  /** The address the event concerns, for `_email.*` events. */
  address?: string;
  /** Set for campaign sends: which campaign, treatment and run. */
  campaignId?: string;
  treatmentId?: string;
  /** Pinpoint's own record of the event in the shape it streams it (Kinesis/Firehose record). */
  record?: Record<string, unknown>;
}

export interface EventLog {
  /** Records events; call inside a transaction when they belong to another write. */
  record(scope: Scope, events: PinpointEvent[]): Promise<void>;
  /**
   * Tells the log that `messageId` was sent by the engine for this app/endpoint/campaign, so SES's
   * later events of that message (delivery, bounce, complaint, open, click) become `_email.*` events.
   * Called inside the send's transaction (OutgoingEmail.ledgerKey's transaction). SES records the
   * send's own events (SEND, a simulator bounce) before this call in that transaction: this call
   * records their `_email.*` events too, so callers record no `_email.*` events themselves.
   */
  attribute(scope: Scope, messageId: string, attribution: Attribution): Promise<void>;
  /**
   * Calls `listener` after events are recorded (campaigns with Frequency EVENT start from the app's
   * own events, PutEvents). Called outside the recording transaction, once per `record` call; a
   * listener's rejection is reported, never undoes the recording.
   */
  onRecord(listener: (scope: Scope, events: PinpointEvent[]) => Promise<void>): void;
}

// ---- segments/ -------------------------------------------------------------------------------

export interface SegmentResolver {
  /**
   * The endpoints of a segment version (the latest when `version` is undefined), as of now:
   * dimensional segments filtered over the app's endpoints, imported ones their imported members,
   * segment groups combined. `undefined` when the segment or version does not exist. Resolves once
   * the segment's document is read; the members themselves are read lazily, page by page, as the
   * iterable is walked (`for await`).
   */
  members(
    scope: Scope,
    appId: string,
    segmentId: string,
    version?: number,
  ): Promise<AsyncIterable<EndpointDoc> | undefined>;
  /** The segment's latest version number, or undefined when it does not exist. */
  latestVersion(scope: Scope, appId: string, segmentId: string): Promise<number | undefined>;
}

// ---- templates/ ------------------------------------------------------------------------------

/** The content of an email template version or of an inline email message. */
export interface EmailContent {
  Subject?: string;
  HtmlPart?: string;
  TextPart?: string;
  /** JSON text: the template's default values for its variables. */
  DefaultSubstitutions?: string;
  /** An email template's headers (at most 15); their values may use message variables. */
  Headers?: { Name: string; Value: string }[];
}

/** What a message's variables are drawn from. */
export interface MessageVariables {
  /** The endpoint the message goes to (absent for a direct send to an address). */
  endpoint?: EndpointDoc;
  address: string;
  /** Per-message substitutions (SendMessages' Substitutions); win over DefaultSubstitutions. */
  substitutions?: Record<string, string[]>;
}

export interface RenderedEmail {
  subject: string;
  html?: string;
  text?: string;
  /** The content's Headers, values rendered; absent when it has none. */
  headers?: { Name: string; Value: string }[];
}

export interface EmailTemplateSource {
  /**
   * An email template's version: the active version when `version` is undefined. `undefined` when
   * there is no such template or version.
   */
  email(scope: Scope, name: string, version?: string): Promise<EmailContent | undefined>;
  /**
   * Compiles content once; the function renders it for one message. Throws BadRequestException
   * (AwsError) when the content does not compile.
   */
  compile(content: EmailContent): (vars: MessageVariables) => RenderedEmail;
}

// ---- messaging/ ------------------------------------------------------------------------------

/** Who a message is for and why: feeds the `_email.*` events and the delivery ledger. */
export interface Attribution {
  appId: string;
  endpointId?: string;
  userId?: string;
  campaignId?: string;
  treatmentId?: string;
  /** One execution of a campaign (a recurring campaign runs many times). */
  runId?: string;
  /** The campaign activity (one per run and treatment): `campaign_activity_id` of the events. */
  activityId?: string;
  journeyId?: string;
  /** The journey activity that sent it (`journey_activity_id` of the events). */
  journeyActivityId?: string;
  /** The journey run it was sent in (`journey_run_id` of the events). */
  journeyRunId?: string;
  /** The From address the message was sent from. */
  fromAddress?: string;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  html?: string;
  text?: string;
  /** The channel's FromAddress unless the message names its own. */
  fromAddress?: string;
  headers?: { Name: string; Value: string }[];
  /** A raw MIME message instead of subject/html/text (SendMessages' RawEmail). */
  raw?: Buffer;
  attribution: Attribution;
  /**
   * Makes the send idempotent: recorded in SES's own send transaction; a key already recorded is
   * not sent again (outcome `DUPLICATE`). A campaign uses `<campaign>/<run>/<treatment>/<endpoint>`.
   */
  ledgerKey?: string;
  /**
   * The caller asked `sentAlready` for this key just before: the send does not look it up again
   * (the ledger's key still refuses a second row when it commits, and the send is then DUPLICATE).
   */
  ledgerChecked?: boolean;
}

/** Pinpoint's DeliveryStatus (pinpoint/2016-12-01). */
export type DeliveryStatus =
  | 'SUCCESSFUL'
  | 'THROTTLED'
  | 'TEMPORARY_FAILURE'
  | 'PERMANENT_FAILURE'
  | 'UNKNOWN_FAILURE'
  | 'OPT_OUT'
  | 'DUPLICATE';

/** A message's result, as SendMessages reports it per address (MessageResult). */
export interface SendOutcome {
  deliveryStatus: DeliveryStatus;
  statusCode: number;
  statusMessage: string;
  messageId?: string;
  /** The AWS error code behind a failure (AccessDenied, MessageRejected, …). */
  errorCode?: string;
}

/** Sending for one app, under the role its email channel names. */
export interface EmailSession {
  readonly fromAddress: string;
  send(message: OutgoingEmail): Promise<SendOutcome>;
  /**
   * Which of these ledger keys were already sent (key → MessageId), in one read: a sender of many
   * messages asks once, then sends the others with `ledgerChecked`.
   */
  sentAlready(keys: readonly string[]): Promise<Map<string, string>>;
}

/**
 * Why a session could not be opened (no email channel, channel disabled, the role cannot be
 * assumed): every message of the run fails with this, and nothing is sent.
 */
export interface SessionFailure {
  ok: false;
  outcome: SendOutcome;
}

export interface Orchestrator {
  /**
   * Opens a sending session for an app, for one sending run (a campaign run's step, one direct
   * send call): reads the email channel and, when it names an OrchestrationSendingRoleArn, has
   * `pinpoint.amazonaws.com` assume it through STS with aws:SourceAccount = the app's account and
   * aws:SourceArn = `sourceArn` (the app's ARN, or the campaign's). Sends then go through SES as
   * that session, renewed when it nears its end; every open assumes the role anew
   * (messaging/orchestrator.ts), so policy edits take effect on the next run.
   */
  open(
    scope: Scope,
    appId: string,
    sourceArn: string,
  ): Promise<{ ok: true; session: EmailSession } | SessionFailure>;
}
