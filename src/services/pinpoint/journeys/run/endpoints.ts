/** Endpoint documents of one app by id, read in chunks (a batch's endpoints in a few queries). */
import type { EndpointDoc, PinpointContext, Scope } from '../../ports.js';

const CHUNK = 400;

export async function endpointsById(
  c: PinpointContext,
  scope: Scope,
  appId: string,
  ids: string[],
): Promise<Map<string, EndpointDoc>> {
  const out = new Map<string, EndpointDoc>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    const rows = await c.db.all<{ doc_key: string; doc: string }>(
      `SELECT doc_key, doc FROM pinpoint_documents WHERE account = ? AND region = ? AND app_id = ? AND kind = 'endpoint'
         AND doc_key IN (${part.map(() => '?').join(', ')})`,
      [scope.account, scope.region, appId, ...part],
    );
    for (const r of rows) {
      out.set(r.doc_key, { ...(JSON.parse(r.doc) as EndpointDoc), Id: r.doc_key });
    }
  }
  return out;
}
