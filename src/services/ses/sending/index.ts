/**
 * SES sending: v1 SendEmail/SendRawEmail/SendTemplatedEmail/SendBulkTemplatedEmail, v2
 * SendEmail/SendBulkEmail, GetSendQuota/GetSendStatistics; checks (identity, sandbox, quotas, rate,
 * suppression, sizes), the mailbox simulator, events, and the hand-off to the outbox.
 */
import type { Database, Migration } from '../../../store/index.js';
import type { OperationSpec } from '../../../wire/operation.js';
import type { ResourcePolicyProvider } from '../../iam/authz/authorizer.js';
import type { SesControl } from '../control/index.js';
import type { EventPort, MimePort, OutboxPort, SesScope } from '../ports.js';
import type { HtmlTracking } from '../tracking/index.js';
import { identityPolicyProvider } from './authz.js';
import type { SendingContext } from './context.js';
import { SendingEngine } from './engine.js';
import { deliveryRecorder, eventPort, type DeliveryRecorder } from './events.js';
import { sendingMigrations } from './migrations.js';
import { Quotas } from './quota.js';
import { rateBucketsFor } from '../../../store/rate-buckets.js';
import { SendingStore, type EventListener } from './store.js';
import { sendBulkTemplatedEmailV1 } from './v1-bulk.js';
import { getSendQuota, getSendStatistics } from './v1-quota.js';
import { sendEmailV1, sendRawEmailV1, sendTemplatedEmailV1 } from './v1-send.js';
import { sendBulkEmailV2 } from './v2-send-bulk.js';
import type { RequestContext } from '../../../wire/context.js';
import { embeddedSendEmailV2, sendEmailV2 } from './v2-send-email.js';

export { sendAs, type SendAsRequest } from './send-as.js';
export type { Delivery, DeliveryRecorder } from './events.js';
export type { EventListener } from './store.js';

export const sesSendingMigrations: readonly Migration[] = sendingMigrations;

export interface SesSendingDeps {
  control: SesControl;
  outbox: OutboxPort;
  mime: MimePort;
  /** Where the identities' sending authorization policies are registered (cross-account sends). */
  authorizer?: { addResourcePolicyProvider(provider: ResourcePolicyProvider): void };
  /** The clock of quotas, message ids and events (tests move it). */
  clock?: () => Date;
  /** Open and click tracking of HTML parts (services/ses/tracking). */
  tracking?: HtmlTracking;
}

export interface SesSending extends DeliveryRecorder {
  events: EventPort;
  v1Operations(): OperationSpec[];
  v2Operations(): OperationSpec[];
  /** SES v2 SendEmail made by another operation as part of its own work (embeddedSendEmailV2). */
  embeddedSendEmail(raw: Record<string, unknown>, ctx: RequestContext): Promise<string>;
  /**
   * The identities' sending authorization policies as resource-based policies for ses:Send* on
   * identity ARNs. Registered on `deps.authorizer` when given; otherwise the runtime registers it.
   */
  identityPolicies: ResourcePolicyProvider;
  /**
   * Every SES event recorded from now on, awaited inside the recording transaction
   * (SendingStore.onEvent): what the listener writes commits or rolls back with the event.
   */
  onEvent(listener: EventListener): void;
  /** Recipients counted against the 24-hour quota (GetAccount's SendQuota.SentLast24Hours). */
  sentLast24Hours(scope: SesScope): Promise<number>;
}

export function createSesSending(db: Database, deps: SesSendingDeps): SesSending {
  const clock = deps.clock ?? (() => new Date());
  const store = new SendingStore(db);
  // The send rate's buckets: shared by the processes on PostgreSQL (src/store/rate-buckets.ts).
  const quotas = new Quotas(store, rateBucketsFor(db));
  const engine = new SendingEngine({
    db,
    control: deps.control,
    mime: deps.mime,
    outbox: deps.outbox,
    store,
    quotas,
    clock,
    tracking: deps.tracking,
  });
  const d: SendingContext = {
    control: deps.control,
    engine,
    store,
    quotas,
    clock,
  };
  const identityPolicies = identityPolicyProvider(deps.control.identities);
  deps.authorizer?.addResourcePolicyProvider(identityPolicies);
  const recorder = deliveryRecorder(store, clock);
  return {
    events: eventPort(store),
    recordDelivery: recorder.recordDelivery,
    recordDeliveries: recorder.recordDeliveries,
    recordDeliveryDelay: recorder.recordDeliveryDelay,
    identityPolicies,
    onEvent: (listener) => store.onEvent(listener),
    sentLast24Hours: (scope) => quotas.sentLast24Hours(scope, clock()),
    v1Operations: () => [
      sendEmailV1(d),
      sendRawEmailV1(d),
      sendTemplatedEmailV1(d),
      sendBulkTemplatedEmailV1(d),
      getSendQuota(d),
      getSendStatistics(d),
    ],
    v2Operations: () => [sendEmailV2(d), sendBulkEmailV2(d)],
    embeddedSendEmail: embeddedSendEmailV2(d),
  };
}
