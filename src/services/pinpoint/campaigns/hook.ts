/**
 * The campaign hook in FILTER mode over HTTP (CampaignHook.WebUrl): Pinpoint hands the function
 * the run's endpoints and sends to the endpoints it returns (developerguide/segments-dynamic.html:
 * the event carries MessageConfiguration, ApplicationId, CampaignId, TreatmentId, ActivityId,
 * ScheduledTime and Endpoints, a map of endpoint id to endpoint; the function returns the map of
 * endpoints to send to, as its example's `return event.Endpoints`). A LambdaFunctionName alone
 * cannot be invoked by Pinpost and is ignored.
 */
import type { EndpointDoc } from '../ports.js';
import type { CampaignHook } from './model.js';

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

/** Posts the event; resolves to the endpoints returned (ids from the map's keys). Throws on failure. */
export async function filterThroughHook(url: string, e: HookEvent): Promise<EndpointDoc[]> {
  const Endpoints: Record<string, Omit<EndpointDoc, 'Id'>> = {};
  for (const ep of e.endpoints) {
    const { Id, ...rest } = ep;
    Endpoints[Id] = rest;
  }
  const { endpoints: _omit, ...head } = e;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...head, Endpoints }),
    signal: AbortSignal.timeout(30_000),
  });
  // Pinpost's wording: the hook's own failure, as the activity reports it.
  if (!res.ok) throw new Error(`The campaign hook at ${url} answered HTTP ${res.status}`);
  const body = (await res.json()) as Record<string, unknown> | null;
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
