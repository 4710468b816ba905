/**
 * Endpoint documents of one app by id, read in chunks (a batch's endpoints in a few queries): a
 * campaign's batch and a journey step's endpoints, read once for the batch instead of once each.
 */
import type { EndpointDoc, PinpointContext, Scope } from './ports.js';

export async function endpointsById(
  c: Pick<PinpointContext, 'store'>,
  scope: Scope,
  appId: string,
  ids: readonly string[],
): Promise<Map<string, EndpointDoc>> {
  const out = new Map<string, EndpointDoc>();
  for (const r of await c.store.getMany<EndpointDoc>(scope, appId, 'endpoint', ids)) {
    out.set(r.key, { ...r.doc, Id: r.key });
  }
  return out;
}
