/**
 * The campaign hook in FILTER mode over HTTP (CampaignHook.WebUrl): Pinpoint hands the function
 * the run's endpoints and sends to the endpoints it returns (developerguide/segments-dynamic.html:
 * the event carries MessageConfiguration, ApplicationId, CampaignId, TreatmentId, ActivityId,
 * ScheduledTime and Endpoints, a map of endpoint id to endpoint; the function returns the map of
 * endpoints to send to, as its example's `return event.Endpoints`). A LambdaFunctionName alone
 * cannot be invoked by Pinpost and is ignored.
 *
 * The call goes through the guarded egress path (src/net/): no loopback, private, link-local or
 * metadata address unless the operator allows private egress, redirects checked and capped, 30
 * seconds at most, and an answer of at most 6 MB — Lambda's own limit on a synchronous invocation's
 * response ("For synchronous invocations, the maximum payload size is 6 MB", lambda API_Invoke.html).
 * A failure names the URL and what failed, never what the hook answered.
 */
import { ByteBudget, isEgressError, type Egress } from '../../../net/index.js';
import type { EndpointDoc } from '../ports.js';
import type { CampaignHook } from './model.js';

const HOOK_TIMEOUT_MS = 30_000;
const MAX_ANSWER_BYTES = 6 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export interface HookEvent {
  MessageConfiguration: unknown;
  ApplicationId: string;
  CampaignId: string;
  TreatmentId: string;
  ActivityId: string;
  ScheduledTime: string;
  endpoints: EndpointDoc[];
}

export const filtersByHook = (hook: CampaignHook | undefined): hook is CampaignHook & { WebUrl: string } =>
  !!hook && hook.Mode === 'FILTER' && typeof hook.WebUrl === 'string' && hook.WebUrl !== '';

/**
 * Posts the event; resolves to the endpoints returned (ids from the map's keys). Throws on failure;
 * `signal` (the server stopping) aborts the call.
 */
export async function filterThroughHook(
  egress: Egress,
  url: string,
  e: HookEvent,
  signal?: AbortSignal,
): Promise<EndpointDoc[]> {
  const Endpoints: Record<string, Omit<EndpointDoc, 'Id'>> = {};
  for (const ep of e.endpoints) {
    const { Id, ...rest } = ep;
    Endpoints[Id] = rest;
  }
  const { endpoints: _omit, ...head } = e;
  // Real time, not the one clock: it bounds a real network call.
  const deadline = AbortSignal.timeout(HOOK_TIMEOUT_MS);
  // Pinpost's wording for the hook's failures, as the activity reports them.
  const failed = (why: string) => new Error(`The campaign hook at ${url} failed: ${why}`);
  let text: string;
  try {
    const res = await egress.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...head, Endpoints }),
      },
      {
        idleTimeoutMs: HOOK_TIMEOUT_MS,
        maxRedirects: MAX_REDIRECTS,
        budget: new ByteBudget(MAX_ANSWER_BYTES),
        signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
      },
    );
    if (res.status < 200 || res.status >= 300) {
      res.discard();
      throw new Error(`The campaign hook at ${url} answered HTTP ${res.status}`);
    }
    text = await res.text();
  } catch (err) {
    if (isEgressError(err)) throw failed(err.message);
    throw err;
  }
  let body: Record<string, unknown> | null;
  try {
    body = JSON.parse(text) as Record<string, unknown> | null;
  } catch {
    // JSON.parse's own message quotes the answer: not repeated.
    throw new Error(`The campaign hook at ${url} did not return JSON`);
  }
  const map = (body && typeof body.Endpoints === 'object' ? body.Endpoints : body) as Record<
    string,
    unknown
  > | null;
  if (!map || typeof map !== 'object' || Array.isArray(map))
    throw new Error(`The campaign hook at ${url} did not return a map of endpoints`);
  const known = new Map(e.endpoints.map((ep) => [ep.Id, ep]));
  const out: EndpointDoc[] = [];
  for (const [id, v] of Object.entries(map)) {
    const before = known.get(id);
    if (!before || !v || typeof v !== 'object') continue;
    out.push({ ...before, ...(v as Partial<EndpointDoc>), Id: id });
  }
  return out;
}
