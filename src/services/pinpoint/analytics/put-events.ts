/**
 * PutEvents (apireference/apps-application-id-events.html, 202): for each endpoint id in
 * BatchItem, creates or updates the endpoint (as UpdateEndpoint does) and records its events.
 * Authorized on `apps/<id>/events` (list_amazonpinpoint.html, resource type events).
 *
 * Limits (developerguide/quotas.html, "Event ingestion quotas"): 100 events per request; 40
 * attribute and metric keys per event; attribute keys up to 50 characters; attribute values up to
 * 200 characters ("If the number of characters exceeds 200 the event is dropped"). A request over
 * 100 events is refused whole; an event breaking the others is answered 400 in its
 * EventItemResponse and not recorded ("400, for events that weren't valid", EventItemResponse).
 * The texts of these errors are Pinpost's.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { AwsError } from '../../../wire/errors.js';
import { requireApp } from '../apps.js';
import { endpointFields, upsertEndpoints, type EndpointDoc } from '../endpoints.js';
import { badRequest } from '../errors.js';
import { label, payload, pinpointArn, scopeOf, type Raw } from '../input.js';
import type { PinpointContext, PinpointEvent } from '../ports.js';
import type { ItemResponse, OutputOf } from '../../../wire/model/types/pinpoint.js';

export const MAX_EVENTS_PER_REQUEST = 100;
export const MAX_KEYS_PER_EVENT = 40;
export const MAX_ATTRIBUTE_KEY = 50;
export const MAX_ATTRIBUTE_VALUE = 200;

const isObject = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);

interface BatchItem {
  endpointId: string;
  endpoint: Raw;
  events: [string, Raw][];
}

interface ItemResult {
  StatusCode: number;
  Message: string;
}

const ACCEPTED: ItemResult = { StatusCode: 202, Message: 'Accepted' };

function parse(raw: Raw): { appId: string; items: BatchItem[] } {
  const batch = payload(raw, 'EventsRequest').BatchItem;
  if (!isObject(batch)) throw badRequest('Missing BatchItem');
  const items = Object.entries(batch).map(([endpointId, v]): BatchItem => {
    if (!isObject(v)) throw badRequest(`BatchItem ${endpointId} must be an object`);
    // Endpoint and Events are required members of EventsBatch.
    if (!isObject(v.Endpoint)) throw badRequest(`Missing Endpoint for ${endpointId}`);
    if (!isObject(v.Events)) throw badRequest(`Missing Events for ${endpointId}`);
    return { endpointId, endpoint: v.Endpoint, events: Object.entries(v.Events) as [string, Raw][] };
  });
  const count = items.reduce((n, i) => n + i.events.length, 0);
  if (count > MAX_EVENTS_PER_REQUEST)
    throw badRequest(`A request can include at most ${MAX_EVENTS_PER_REQUEST} events; this one has ${count}`);
  return { appId: label(raw, 'application-id'), items };
}

/** Why an event is not valid, or undefined when it is. */
function invalid(e: unknown): string | undefined {
  if (!isObject(e)) return 'Event must be an object';
  // EventType and Timestamp are required members of Event.
  if (typeof e.EventType !== 'string' || e.EventType === '') return 'Missing EventType';
  if (typeof e.Timestamp !== 'string' || Number.isNaN(Date.parse(e.Timestamp)))
    return 'Timestamp must be an ISO 8601 date and time';
  const attrs = isObject(e.Attributes) ? e.Attributes : {};
  const metrics = isObject(e.Metrics) ? e.Metrics : {};
  if (Object.keys(attrs).length + Object.keys(metrics).length > MAX_KEYS_PER_EVENT)
    return `An event can have at most ${MAX_KEYS_PER_EVENT} attribute and metric keys`;
  for (const [k, v] of Object.entries(attrs)) {
    if (k.length > MAX_ATTRIBUTE_KEY)
      return `Attribute key ${k} is longer than ${MAX_ATTRIBUTE_KEY} characters`;
    if (typeof v !== 'string') return `Attribute ${k} must be a string`;
    if (v.length > MAX_ATTRIBUTE_VALUE)
      return `Attribute ${k} has a value longer than ${MAX_ATTRIBUTE_VALUE} characters`;
  }
  for (const [k, v] of Object.entries(metrics)) {
    if (k.length > MAX_ATTRIBUTE_KEY) return `Metric key ${k} is longer than ${MAX_ATTRIBUTE_KEY} characters`;
    if (typeof v !== 'number') return `Metric ${k} must be a number`;
  }
  return undefined;
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * The app event as Pinpoint streams it (developerguide/event-streams-data-app.html): event_type,
 * event_timestamp, arrival_timestamp, application, client, device, session, attributes, metrics,
 * endpoint, awsAccountId.
 */
function appEvent(
  account: string,
  appId: string,
  endpointId: string,
  e: Raw,
  endpoint: EndpointDoc | undefined,
  now: Date,
): PinpointEvent {
  const at = new Date(Date.parse(e.Timestamp as string));
  const attributes = (isObject(e.Attributes) ? e.Attributes : {}) as Record<string, string>;
  const metrics = (isObject(e.Metrics) ? e.Metrics : {}) as Record<string, number>;
  const session = isObject(e.Session) ? e.Session : undefined;
  const record = {
    event_type: e.EventType,
    event_timestamp: at.getTime(),
    arrival_timestamp: now.getTime(),
    event_version: '3.1',
    application: {
      app_id: appId,
      package_name: text(e.AppPackageName),
      title: text(e.AppTitle),
      version_code: text(e.AppVersionCode),
      sdk: { name: text(e.SdkName), version: text(e.ClientSdkVersion) },
    },
    client: { client_id: endpointId },
    device: { platform: {} },
    session: session
      ? {
          session_id: text(session.Id),
          start_timestamp: Date.parse(String(session.StartTimestamp)) || undefined,
          stop_timestamp: Date.parse(String(session.StopTimestamp)) || undefined,
        }
      : {},
    attributes,
    metrics,
    endpoint,
    awsAccountId: account,
  };
  return { eventType: e.EventType as string, timestamp: at, appId, endpointId, attributes, metrics, record };
}

export function putEventsOperation(c: PinpointContext): OperationSpec {
  const deps = { store: c.store };
  return defineOperation<{ appId: string; items: BatchItem[] }, OutputOf<'PutEvents'>>({
    name: 'PutEvents',
    action: 'mobiletargeting:PutEvents',
    parse,
    resources: (i, ctx) => [pinpointArn(scopeOf(ctx), `apps/${i.appId}/events`)],
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      const now = c.clock();
      const results: Record<string, ItemResponse> = {};
      const events: PinpointEvent[] = [];
      await c.store.transaction(async () => {
        await requireApp(deps, scope, i.appId);
        for (const item of i.items) {
          let endpointResult = ACCEPTED;
          try {
            await upsertEndpoints(c.store, scope, i.appId, [
              { id: item.endpointId, fields: endpointFields(item.endpoint) },
            ]);
          } catch (err) {
            if (!(err instanceof AwsError)) throw err;
            endpointResult = { StatusCode: 400, Message: err.message };
          }
          const endpoint = (await c.store.get<EndpointDoc>(scope, i.appId, 'endpoint', item.endpointId))?.doc;
          const eventResults: Record<string, ItemResult> = {};
          for (const [eventId, e] of item.events) {
            const why = invalid(e);
            if (why) {
              eventResults[eventId] = { StatusCode: 400, Message: why };
              continue;
            }
            events.push(appEvent(scope.account, i.appId, item.endpointId, e, endpoint, now));
            eventResults[eventId] = ACCEPTED;
          }
          results[item.endpointId] = {
            EndpointItemResponse: endpointResult,
            EventsItemResponse: eventResults,
          };
        }
        await c.ports.events.record(scope, events);
      });
      return { EventsResponse: { Results: results } };
    },
  });
}
