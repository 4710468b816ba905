/**
 * Sending one group of endpoints of one treatment through the run's session: rendered per
 * endpoint, at most `concurrency` sends in flight, paced to Limits.MessagesPerSecond, each with
 * the ledger key `<campaign>/<run>/<treatment>/<endpoint>` so a resend after a crash is a
 * DUPLICATE and not a second mail.
 */
import type { EmailSession, EndpointDoc, SendOutcome } from '../ports.js';
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
 */
export class Pacer {
  private tokens: number;
  private at = Date.now();
  constructor(readonly perSecond: number | undefined) {
    this.tokens = perSecond ?? 0;
  }
  async wait(): Promise<void> {
    const rate = this.perSecond;
    if (!rate) return;
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
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How often a throttled send is tried again before its THROTTLED outcome stands. */
const THROTTLE_RETRIES = 20;

export const delivered = (o: SendOutcome) =>
  o.deliveryStatus === 'SUCCESSFUL' || o.deliveryStatus === 'DUPLICATE';

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
  let next = 0;
  const worker = async () => {
    while (next < endpoints.length && !d.stopped()) {
      const k = next++;
      const endpoint = endpoints[k];
      out[k] = { endpoint, treatmentId: treatment.id, outcome: await sendOne(d, treatment, endpoint) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(d.concurrency, endpoints.length) }, worker));
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
    ledgerKey: `${d.campaignId}/${d.runId}/${t.id}/${ep.Id}`,
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
