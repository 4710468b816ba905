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
 *
 * The input is typed by the model (EventsRequest, read once authorized, as Pinpoint reads a body):
 * its model step refuses a request missing a required member (BatchItem, an EventsBatch's Endpoint
 * and Events, an Event's EventType and Timestamp) and its reader one with a value of the wrong type
 * (an attribute that is not a string, a metric that is not a number), each for the whole request.
 * What the model does not say (the limits above, a Timestamp that is no date) is answered per event.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { AwsError } from '../../../wire/errors.js';
import { requireApp, underApplication } from '../apps.js';
import { endpointFields, upsertEndpoints, type EndpointDoc } from '../endpoints.js';
import { badRequest } from '../errors.js';
import { scopeOf } from '../input.js';
import type { PinpointContext, PinpointEvent } from '../ports.js';
import type { Event, InputOf, ItemResponse, OutputOf } from '../../../wire/model/types/pinpoint.js';

export const MAX_EVENTS_PER_REQUEST = 100;
export const MAX_KEYS_PER_EVENT = 40;
export const MAX_ATTRIBUTE_KEY = 50;
export const MAX_ATTRIBUTE_VALUE = 200;

interface ItemResult {
  StatusCode: number;
  Message: string;
}

const ACCEPTED: ItemResult = { StatusCode: 202, Message: 'Accepted' };

/** Why an event is not valid, or undefined when it is. */
function invalid(e: Event): string | undefined {
  // EventType and Timestamp are required members of Event: the model step refused their absence.
  if (e.EventType === '') return 'Missing EventType';
  if (Number.isNaN(Date.parse(e.Timestamp))) return 'Timestamp must be an ISO 8601 date and time';
  const attrs = e.Attributes ?? {};
  const metrics = e.Metrics ?? {};
  if (Object.keys(attrs).length + Object.keys(metrics).length > MAX_KEYS_PER_EVENT)
    return `An event can have at most ${MAX_KEYS_PER_EVENT} attribute and metric keys`;
  for (const [k, v] of Object.entries(attrs)) {
    if (k.length > MAX_ATTRIBUTE_KEY)
      return `Attribute key ${k} is longer than ${MAX_ATTRIBUTE_KEY} characters`;
    if (v.length > MAX_ATTRIBUTE_VALUE)
      return `Attribute ${k} has a value longer than ${MAX_ATTRIBUTE_VALUE} characters`;
  }
  for (const k of Object.keys(metrics))
    if (k.length > MAX_ATTRIBUTE_KEY) return `Metric key ${k} is longer than ${MAX_ATTRIBUTE_KEY} characters`;
  return undefined;
}

/**
 * The app event as Pinpoint streams it (developerguide/event-streams-data-app.html): event_type,
 * event_timestamp, arrival_timestamp, application, client, device, session, attributes, metrics,
 * endpoint, awsAccountId.
 */
function appEvent(
  account: string,
  appId: string,
  endpointId: string,
  e: Event,
  endpoint: EndpointDoc | undefined,
  now: Date,
): PinpointEvent {
  const at = new Date(Date.parse(e.Timestamp));
  const attributes = e.Attributes ?? {};
  const metrics = e.Metrics ?? {};
  const session = e.Session;
  const record = {
    event_type: e.EventType,
    event_timestamp: at.getTime(),
    arrival_timestamp: now.getTime(),
    event_version: '3.1',
    application: {
      app_id: appId,
      package_name: e.AppPackageName,
      title: e.AppTitle,
      version_code: e.AppVersionCode,
      sdk: { name: e.SdkName, version: e.ClientSdkVersion },
    },
    client: { client_id: endpointId },
    device: { platform: {} },
    session: session
      ? {
          session_id: session.Id,
          start_timestamp: Date.parse(String(session.StartTimestamp)) || undefined,
          stop_timestamp: Date.parse(String(session.StopTimestamp)) || undefined,
        }
      : {},
    attributes,
    metrics,
    endpoint,
    awsAccountId: account,
  };
  return { eventType: e.EventType, timestamp: at, appId, endpointId, attributes, metrics, record };
}

export function putEventsOperation(c: PinpointContext): OperationSpec {
  const deps = { store: c.store };
  return defineOperation<InputOf<'PutEvents'>, OutputOf<'PutEvents'>>({
    name: 'PutEvents',
    action: 'mobiletargeting:PutEvents',
    // apps/<id>/events (list_amazonpinpoint.html, resource type events).
    ...underApplication(deps, () => 'events'),
    async handler(input, ctx) {
      const scope = scopeOf(ctx);
      const appId = input.ApplicationId;
      const items = Object.entries(input.EventsRequest?.BatchItem ?? {});
      const count = items.reduce((n, [, batch]) => n + Object.keys(batch.Events ?? {}).length, 0);
      if (count > MAX_EVENTS_PER_REQUEST)
        throw badRequest(
          `A request can include at most ${MAX_EVENTS_PER_REQUEST} events; this one has ${count}`,
        );
      const now = c.clock();
      const results: Record<string, ItemResponse> = {};
      const events: PinpointEvent[] = [];
      await c.store.transaction(async () => {
        await requireApp(deps, scope, appId);
        for (const [endpointId, batch] of items) {
          let endpointResult = ACCEPTED;
          try {
            await upsertEndpoints(c.store, scope, appId, [
              { id: endpointId, fields: endpointFields(batch.Endpoint ?? {}) },
            ]);
          } catch (err) {
            if (!(err instanceof AwsError)) throw err;
            endpointResult = { StatusCode: 400, Message: err.message };
          }
          const endpoint = (await c.store.get<EndpointDoc>(scope, appId, 'endpoint', endpointId))?.doc;
          const eventResults: Record<string, ItemResult> = {};
          for (const [eventId, e] of Object.entries(batch.Events ?? {})) {
            const why = invalid(e);
            if (why) {
              eventResults[eventId] = { StatusCode: 400, Message: why };
              continue;
            }
            events.push(appEvent(scope.account, appId, endpointId, e, endpoint, now));
            eventResults[eventId] = ACCEPTED;
          }
          results[endpointId] = {
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
