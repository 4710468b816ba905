/**
 * Sending one EMAIL activity's message to a batch of endpoints, exactly as a campaign sends
 * (campaigns/deliver.ts): through the run's role session, the activity's template (TemplateName,
 * TemplateVersion: the active version when not given) rendered per endpoint, From
 * MessageConfig.FromAddress (the channel's otherwise), at most `concurrency` sends in flight paced
 * to the journey's MessagesPerSecond. Each send carries the ledger key
 * `journey/<journey>/<run>/<entry>/<activity>/<endpoint>`, recorded in SES's send transaction, so a
 * batch sent again after a crash is DUPLICATE and not a second mail; and the attribution that
 * gives its `_email.*` events journey_id, journey_activity_id and journey_run_id.
 */
import type {
  EmailSession,
  EndpointDoc,
  MessageVariables,
  PinpointContext,
  RenderedEmail,
  Scope,
  SendOutcome,
} from '../../ports.js';
import { generationGroup } from '../../../../store/generations.js';
import type { Pacer } from '../../campaigns/deliver.js';
import type { EmailActivity } from '../model.js';

export interface EmailPlan {
  fromAddress?: string;
  render(vars: MessageVariables): RenderedEmail;
}

const failure = (message: string): SendOutcome => ({
  deliveryStatus: 'PERMANENT_FAILURE',
  statusCode: 400,
  statusMessage: message,
});

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The activity's message, compiled once; a template gone since activation fails every send. */
export async function emailPlan(c: PinpointContext, scope: Scope, a: EmailActivity): Promise<EmailPlan> {
  const fromAddress = a.MessageConfig?.FromAddress;
  try {
    const content = a.TemplateName
      ? await c.ports.templates.email(scope, a.TemplateName, a.TemplateVersion)
      : undefined;
    // Pinpost's wording: the template (version) was deleted after the journey was activated.
    if (!content) throw new Error(`Email template ${a.TemplateName ?? ''} was not found`);
    return { fromAddress, render: c.ports.templates.compile(content) };
  } catch (err) {
    const reason = reasonOf(err);
    return {
      fromAddress,
      render: () => {
        throw new Error(reason);
      },
    };
  }
}

export interface SendBatch {
  session: EmailSession;
  plan: EmailPlan;
  appId: string;
  journeyId: string;
  runId: string;
  activityId: string;
  concurrency: number;
  pacer: Pacer;
  /** True once nothing more may start (the server stops, the journey was cancelled). */
  stopped(): Promise<boolean>;
}

export interface Target {
  endpoint: EndpointDoc;
  entry: number;
}

/** Sends to every target (or to those before `stopped()`); `undefined` for a send not started. */
export async function sendBatch(b: SendBatch, targets: Target[]): Promise<(SendOutcome | undefined)[]> {
  const out = new Array<SendOutcome | undefined>(targets.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      // Claimed before the check: other workers move `next` while this one awaits.
      const k = next++;
      if (k >= targets.length || (await b.stopped())) return;
      out[k] = await sendOne(b, targets[k]);
    }
  };
  // The group's sends read IAM's and SES's generation counters once between them (generations.ts).
  await generationGroup(() =>
    Promise.all(Array.from({ length: Math.min(b.concurrency, targets.length) }, worker)),
  );
  return out;
}

const THROTTLE_RETRIES = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sendOne(b: SendBatch, t: Target): Promise<SendOutcome> {
  const ep = t.endpoint;
  const to = String(ep.Address);
  let rendered: RenderedEmail;
  try {
    rendered = b.plan.render({ endpoint: ep, address: to });
  } catch (err) {
    return failure(reasonOf(err));
  }
  const user = ep.User as { UserId?: unknown } | undefined;
  const message = {
    to,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    fromAddress: b.plan.fromAddress,
    headers: rendered.headers,
    attribution: {
      appId: b.appId,
      endpointId: ep.Id,
      userId: typeof user?.UserId === 'string' ? user.UserId : undefined,
      journeyId: b.journeyId,
      journeyActivityId: b.activityId,
      journeyRunId: b.runId,
      fromAddress: b.plan.fromAddress ?? b.session.fromAddress,
    },
    ledgerKey: `journey/${b.journeyId}/${b.runId}/${t.entry}/${b.activityId}/${ep.Id}`,
  };
  try {
    // A throttled send was not sent (nor recorded in the ledger): it waits its turn and is retried.
    for (let attempt = 0; ; attempt++) {
      await b.pacer.wait();
      const outcome = await b.session.send(message);
      if (outcome.deliveryStatus !== 'THROTTLED' || attempt >= THROTTLE_RETRIES) return outcome;
      // Real time, as the Pacer's: it paces real work.
      await sleep(Math.max(50, 1000 / (b.pacer.perSecond ?? 20)));
    }
  } catch (err) {
    return { deliveryStatus: 'UNKNOWN_FAILURE', statusCode: 500, statusMessage: reasonOf(err) };
  }
}
