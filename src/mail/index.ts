/**
 * Mail delivery: MIME with nodemailer, DKIM, the durable outbox and its deliveries (`mail-delivery`
 * jobs of the one job mechanism, src/jobs), the transports (capture into the mailbox, SMTP relay,
 * upstream SES), and the mailbox's HTTP routes.
 */
import type { Logger } from 'pino';
import type { Jobs } from '../jobs/index.js';
import type { InternalRoute } from '../server/internal-routes.js';
import type { EventPort, MimePort, OutboxPort } from '../services/ses/ports.js';
import type { Database } from '../store/index.js';
import { mailboxRecord } from './mailbox/listing.js';
import { localstackRoute } from './mailbox/localstack-routes.js';
import { pinpostMailboxRoute, type DkimKeys } from './mailbox/pinpost-routes.js';
import { MailboxStore } from './mailbox/store.js';
import { MailStreams } from './mailbox/stream-route.js';
import { MailboxWaiters } from './mailbox/waiters.js';
import { createMime } from './mime.js';
import { DEFAULT_RETRY, type RetryPolicy } from './outbox/backoff.js';
import { OutboxStore, type OutboxState } from './outbox/store.js';
import {
  MAIL_DELIVERY,
  OutboxWorker,
  type DeliveredBatchListener,
  type DeliveredListener,
  type FailedListener,
  type RetryingListener,
} from './outbox/worker.js';
import { createTransport } from './transports/index.js';

export { mailMigrations } from './migrations.js';
export { messageIdHeader, newSesMessageId } from './message-id.js';
export type { RetryPolicy } from './outbox/backoff.js';
export type { OutboxState } from './outbox/store.js';
export type {
  DeliveredBatchListener,
  DeliveredListener,
  DeliveredMessage,
  FailedListener,
  RetryingListener,
} from './outbox/worker.js';

/** Requests that may wait for mail at once (Pinpost's own bound). */
export const DEFAULT_MAX_WAITERS = 256;

export interface MailOptions {
  transport: 'capture' | 'smtp' | 'ses';
  smtpRelay?: string;
  sesUpstream?: string;
  log: Logger;
  /**
   * The process's jobs: each queued message is a `mail-delivery` job, run by this process's job
   * worker (or another process's, on a shared database).
   */
  jobs: Jobs;
  /** Retry schedule (defaults: 1 s doubling to 15 min, 12 attempts). */
  retry?: Partial<RetryPolicy>;
  /**
   * Deliveries in flight at once in this process (default 64: two batches of 32, outbox/worker.ts);
   * an SMTP relay or an upstream SES takes at most 16 of them at once (transports/limited.ts).
   */
  concurrency?: number;
  /** The one clock, in epoch milliseconds (src/clock/): outbox and mailbox times, retry backoff. */
  now?: () => number;
  /**
   * Requests waiting for mail at once (`/_pinpost/mailbox/wait`; default 256, a quarter of the
   * default `--max-connections`, so waits never take the connections other requests need).
   */
  maxWaiters?: number;
}

export interface Mail {
  mime: MimePort;
  outbox: OutboxPort;
  /** `/_aws/ses` and `/_pinpost/mailbox` (with `/wait`). */
  routes(events: EventPort, dkimKeys?: DkimKeys): InternalRoute[];
  /**
   * Resumes the waits for mail. Deliveries are the job worker's: they run while it runs (queued
   * messages left by a previous run are jobs waiting for it).
   */
  start(): void;
  /**
   * Ends the waits for mail at once, then lets deliveries in flight finish and closes the transport:
   * this process delivers nothing more (stop the job worker first, so it hands the rest back).
   */
  stop(): Promise<void>;
  /** Requests waiting for mail now (`/_pinpost/mailbox/wait`). */
  waiting(): number;
  /**
   * Called (and awaited) once per message as it is marked delivered, inside that transaction, with
   * the recipients the transport accepted and the relay's reply if any (sending records SES Delivery
   * events from it).
   */
  onDelivered(listener: DeliveredListener): void;
  /** onDelivered for every message of a batch the outbox delivered together, in one call. */
  onDeliveredMany(listener: DeliveredBatchListener): void;
  /** Called after each temporary failure, with the time of the next attempt (DeliveryDelay). */
  onRetrying(listener: RetryingListener): void;
  /** Called once per message that will not be delivered (permanent refusal or retries exhausted). */
  onFailed(listener: FailedListener): void;
  /**
   * Resolves when the outbox is empty (delivered or failed, retries included) and no delivery of
   * this process is in flight; needs start() and a running job worker (here or in another process).
   */
  drain(): Promise<void>;
  /** The outbox rows of a message: status, attempts, next attempt, last error. */
  outboxState(messageId: string): Promise<OutboxState[]>;
}

export function createMail(db: Database, options: MailOptions): Mail {
  const now = options.now ?? Date.now;
  const concurrency = options.concurrency ?? 64;
  const store = new OutboxStore(db);
  const mailbox = new MailboxStore(db);
  const capturing = options.transport === 'capture';
  const waiters = new MailboxWaiters(mailbox, options.maxWaiters ?? DEFAULT_MAX_WAITERS);
  const streams = new MailStreams(mailbox);
  const transport = createTransport(options, { mailbox, outbox: store, now, concurrency });
  const { jobs } = options;
  const worker = new OutboxWorker({
    db,
    store,
    transport,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    concurrency,
    now,
    log: options.log.child({ component: 'mail', transport: transport.name }),
    // Whatever the transport, a listed message shows how its delivery ended.
    settled: {
      delivered: (ids, at) => mailbox.markDeliveredMany(ids, new Date(at)),
      failed: (id) => mailbox.markFailed(id),
    },
  });
  jobs.register(worker.handler());
  return {
    mime: createMime(),
    outbox: {
      async enqueue(message) {
        // Called inside the sending transaction: with capture, the message is listed (accepted)
        // exactly when its send commits, before the send returns — LocalStack's read-your-writes.
        const at = now();
        const queue = async () => {
          const id = await store.insert(message, at, capturing);
          if (capturing) await mailbox.insert(mailboxRecord(message, id, new Date(at), 'accepted'));
          // Its delivery, in the same transaction: a row is queued exactly when its job exists.
          await jobs.add({ kind: MAIL_DELIVERY, key: String(id), runAt: at }, at);
        };
        // Inside the sending transaction it joins that one: a failure here fails the send, so a
        // savepoint of its own would only cost two round trips.
        if (db.inTransaction) await queue();
        else await db.transaction(queue);
      },
    },
    routes: (events, dkimKeys) => [
      localstackRoute(mailbox),
      pinpostMailboxRoute(
        { store: mailbox, waiters, streams, dkimKeys, transport: options.transport },
        events,
      ),
    ],
    start() {
      waiters.resume();
      streams.resume();
      worker.start();
    },
    async stop() {
      waiters.stop();
      streams.stop();
      await worker.stop();
      await transport.close();
    },
    waiting: () => waiters.size,
    onDelivered: (l) => worker.onDelivered(l),
    onDeliveredMany: (l) => worker.onDeliveredMany(l),
    onFailed: (l) => worker.onFailed(l),
    onRetrying: (l) => worker.onRetrying(l),
    drain: () => worker.drain(),
    outboxState: (id) => store.states(id),
  };
}
