/**
 * `GET /_pinpost/pinpoint/events?app=<id>&type=&campaign=&endpoint=&account=&region=&limit=`
 * → `{events: [record…]}`, newest first: the records Pinpoint would put on the app's event stream
 * (developerguide/event-streams-data-email.html, event-streams-data-app.html), which Pinpost
 * cannot deliver to Kinesis or Firehose. `app` is required; `limit` 1–1000 (default 100).
 * No signature needed, like the mailbox's routes.
 */
import { jsonResponse, type InternalRoute } from '../../../server/internal-routes.js';
import type { RawRequest, RawResponse } from '../../../wire/context.js';
import type { PinpointEventLog, StoredEvent } from './event-log.js';

export const EVENTS_ROUTE = '/_pinpost/pinpoint/events';
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

const problem = (status: number, message: string) => jsonResponse(status, { message });

/** Events other parts record without a streamed record get the common members of one. */
function recordOf(e: StoredEvent, account: string): Record<string, unknown> {
  return (
    e.record ?? {
      event_type: e.eventType,
      event_timestamp: e.timestamp.getTime(),
      event_version: '3.1',
      application: { app_id: e.appId, sdk: {} },
      client: { client_id: e.endpointId },
      attributes: e.attributes,
      metrics: e.metrics ?? {},
      awsAccountId: account,
    }
  );
}

export function eventRoutes(log: PinpointEventLog): InternalRoute[] {
  async function list(req: RawRequest): Promise<RawResponse> {
    if (req.method !== 'GET') return problem(405, 'method not allowed');
    const q = new URLSearchParams(req.rawQuery);
    const app = q.get('app');
    if (!app) return problem(400, 'app is required');
    const limitText = q.get('limit');
    const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      return problem(400, `limit must be an integer from 1 to ${MAX_LIMIT}`);
    const opt = (name: string) => q.get(name) || undefined;
    const events = await log.query({
      appId: app,
      account: opt('account'),
      region: opt('region'),
      eventType: opt('type'),
      campaignId: opt('campaign'),
      endpointId: opt('endpoint'),
      limit,
    });
    return jsonResponse(200, { events: events.map((e) => recordOf(e, e.account)) });
  }
  return [{ prefix: EVENTS_ROUTE, access: { GET: 'pinpost:ReadEvents' }, handler: list }];
}
