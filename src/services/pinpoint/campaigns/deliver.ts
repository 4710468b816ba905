/**
 * Sending one group of endpoints of one treatment through the run's session: rendered per
 * endpoint, at most `concurrency` sends in flight, paced to Limits.MessagesPerSecond, each with
 * the ledger key `<campaign>/<run>/<treatment>/<endpoint>` so a resend after a crash is a
 * DUPLICATE and not a second mail.
 */
import { generationGroup } from '../../../store/generations.js';
import type { Database } from '../../../store/index.js';
import { SharedRateBuckets, type RateBuckets } from '../../../store/rate-buckets.js';
import type { EmailSession, EndpointDoc, SendOutcome } from '../ports.js';
import { duplicateOutcome } from '../messaging/outcomes.js';
import { activityIdOf } from './activity.js';
import type { TreatmentPlan } from './plan.js';

export interface Delivery {
  endpoint: EndpointDoc;
  treatmentId: string;
  outcome: SendOutcome;
}

/**
 * Paces sends to a rate, in real time (sending rates are wall-clock): a token bucket that starts
 * full and refills `perSecond` tokens a second, the shape of SES's own maximum send rate
 * (ses/latest/dg/manage-sending-quotas.html), so a run never outpaces the account. Real time on
 * purpose, not the one clock (src/clock/): it paces real work, and under `--clock manual` a clock
 * standing still would never let a run past its first second's worth of sends. SES's own bucket
 * refills with real time too (ses/sending/quota.ts).
 *
 * On SQLite (one process) the bucket is the Pacer's own. On PostgreSQL it is a bucket in the
 * database named for the run (src/store/rate-buckets.ts), so the processes sending a run's batches
 * together keep to its MessagesPerSecond: a Pacer leases whole tokens from it, at most 50 ms worth
 * at a time (one statement per lease, not per send), and drops a lease it has not used within
 * LEASE_MS (a lease is never spent late, in a second that is another's).
 */
export class Pacer {
  private tokens: number;
  private at = Date.now();
  private leased = 0;
  private leasedAt = 0;
  private leasing?: Promise<number>;
  constructor(
    readonly perSecond: number | undefined,
    private readonly shared?: { buckets: RateBuckets; name: string },
  ) {
    this.tokens = perSecond ?? 0;
  }
  async wait(): Promise<void> {
    const rate = this.perSecond;
    if (!rate) return;
    if (this.shared) return this.waitShared(rate, this.shared);
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(rate, this.tokens + ((now - this.at) / 1000) * rate);
      this.at = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(Math.max(1, Math.ceil(((1 - this.tokens) / rate) * 1000)));
    }
  }

  private async waitShared(rate: number, shared: { buckets: RateBuckets; name: string }): Promise<void> {
    for (;;) {
      if (this.leased > 0 && Date.now() - this.leasedAt <= LEASE_MS) {
        this.leased -= 1;
        return;
      }
      this.leased = 0;
      // One lease at a time: the sends waiting meanwhile share what it brings.
      this.leasing ??= this.lease(rate, shared).finally(() => (this.leasing = undefined));
      const ms = await this.leasing;
      if (ms > 0) await sleep(ms);
    }
  }

  /** Leases whole tokens (0 to wait nothing more), or says how long to wait for the next. */
  private async lease(rate: number, shared: { buckets: RateBuckets; name: string }): Promise<number> {
    // The pacer's clock time is 0: it refills with real time only.
    const want = Math.max(1, Math.ceil(rate / 20));
    const t = await shared.buckets.take(shared.name, rate, want, 'whole', 0);
    if (t.granted > 0) {
      this.leased += t.granted;
      this.leasedAt = Date.now();
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - t.left) / rate) * 1000));
  }
}

/** How long a lease of a shared pacer's tokens may wait to be spent (real ms). */
const LEASE_MS = 100;

/** The pacer of the bucket `name`: shared by the processes on PostgreSQL, its own on SQLite. */
export function pacerFor(db: Database, name: string, perSecond: number | undefined): Pacer {
  return new Pacer(
    perSecond,
    db.dialect.name === 'postgres' ? { buckets: new SharedRateBuckets(db), name } : undefined,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How often a throttled send is tried again before its THROTTLED outcome stands. */
const THROTTLE_RETRIES = 20;

export const delivered = (o: SendOutcome) =>
  o.deliveryStatus === 'SUCCESSFUL' || o.deliveryStatus === 'DUPLICATE';

const ledgerKeyOf = (d: DeliverContext, t: TreatmentPlan, ep: EndpointDoc) =>
  `${d.campaignId}/${d.runId}/${t.id}/${ep.Id}`;

const failure = (message: string): SendOutcome => ({
  deliveryStatus: 'PERMANENT_FAILURE',
  statusCode: 400,
  statusMessage: message,
});

export interface DeliverContext {
  session: EmailSession;
  appId: string;
  campaignId: string;
  runId: string;
  concurrency: number;
  pacer: Pacer;
  /** True once the server is stopping: no further send starts. */
  stopped(): boolean;
}

/**
 * Sends to every endpoint, or stops starting sends once `d.stopped()`; then the batch is not
 * committed (the caller discards it) and the sends that went out are DUPLICATE when resumed.
 */
export async function deliver(
  d: DeliverContext,
  treatment: TreatmentPlan,
  endpoints: EndpointDoc[],
): Promise<Delivery[]> {
  const out: Delivery[] = new Array<Delivery>(endpoints.length);
  // One read for the group: a batch run again (a crash, a takeover) skips what was sent.
  const sent = await d.session.sentAlready(endpoints.map((ep) => ledgerKeyOf(d, treatment, ep)));
  let next = 0;
  const worker = async () => {
    while (next < endpoints.length && !d.stopped()) {
      const k = next++;
      const endpoint = endpoints[k]!;
      const prior = sent.get(ledgerKeyOf(d, treatment, endpoint));
      const outcome = prior ? duplicateOutcome(prior) : await sendOne(d, treatment, endpoint);
      out[k] = { endpoint, treatmentId: treatment.id, outcome };
    }
  };
  // The group's sends read IAM's and SES's generation counters once between them (generations.ts).
  await generationGroup(() =>
    Promise.all(Array.from({ length: Math.min(d.concurrency, endpoints.length) }, worker)),
  );
  return out;
}

async function sendOne(d: DeliverContext, t: TreatmentPlan, ep: EndpointDoc): Promise<SendOutcome> {
  const to = String(ep.Address);
  let rendered;
  try {
    rendered = t.render({ endpoint: ep, address: to });
  } catch (err) {
    return failure(err instanceof Error ? err.message : String(err));
  }
  const user = ep.User as { UserId?: unknown } | undefined;
  const fromAddress = t.fromAddress ?? d.session.fromAddress;
  const message = {
    to,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    fromAddress: t.fromAddress,
    headers: t.headers,
    attribution: {
      appId: d.appId,
      endpointId: ep.Id,
      userId: typeof user?.UserId === 'string' ? user.UserId : undefined,
      campaignId: d.campaignId,
      treatmentId: t.id,
      runId: d.runId,
      activityId: activityIdOf(d.runId, t.id),
      fromAddress,
    },
    ledgerKey: ledgerKeyOf(d, t, ep),
    ledgerChecked: true,
  };
  try {
    // A throttled send was not sent (nor recorded in the ledger): it waits its turn and is retried.
    for (let attempt = 0; ; attempt++) {
      await d.pacer.wait();
      const outcome = await d.session.send(message);
      if (outcome.deliveryStatus !== 'THROTTLED' || attempt >= THROTTLE_RETRIES) return outcome;
      // A real wait (it paces work), as the Pacer's.
      await sleep(Math.max(50, 1000 / (d.pacer.perSecond ?? 20)));
    }
  } catch (err) {
    return {
      deliveryStatus: 'UNKNOWN_FAILURE',
      statusCode: 500,
      statusMessage: err instanceof Error ? err.message : String(err),
    };
  }
}
