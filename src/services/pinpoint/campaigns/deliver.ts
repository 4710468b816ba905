/**
 * Sending one group of endpoints of one treatment through the run's session: rendered per
 * endpoint, at most `concurrency` sends in flight, paced to Limits.MessagesPerSecond, each with
 * the ledger key `<campaign>/<run>/<treatment>/<endpoint>` so a resend after a crash is a
 * DUPLICATE and not a second mail.
 */
import type { EmailSession, EndpointDoc, SendOutcome } from '../ports.js';
import type { TreatmentPlan } from './plan.js';

export interface Delivery {
  endpoint: EndpointDoc;
  treatmentId: string;
  outcome: SendOutcome;
}

/** Spaces sends `1000 / perSecond` ms apart, in real time (sending rate is wall-clock). */
export class Pacer {
  private next = 0;
  constructor(private readonly perSecond: number | undefined) {}
  async wait(): Promise<void> {
    if (!this.perSecond) return;
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.perSecond;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }
}

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
}

export async function deliver(
  d: DeliverContext,
  treatment: TreatmentPlan,
  endpoints: EndpointDoc[],
): Promise<Delivery[]> {
  const out: Delivery[] = new Array<Delivery>(endpoints.length);
  let next = 0;
  const worker = async () => {
    while (next < endpoints.length) {
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
  await d.pacer.wait();
  const user = ep.User as { UserId?: unknown } | undefined;
  const fromAddress = t.fromAddress ?? d.session.fromAddress;
  try {
    return await d.session.send({
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
        fromAddress,
      },
      ledgerKey: `${d.campaignId}/${d.runId}/${t.id}/${ep.Id}`,
    });
  } catch (err) {
    return {
      deliveryStatus: 'UNKNOWN_FAILURE',
      statusCode: 500,
      statusMessage: err instanceof Error ? err.message : String(err),
    };
  }
}
