/**
 * Campaigns with Frequency EVENT: when the app records events (PutEvents), each active EVENT
 * campaign of the app whose EventFilter matches an event gets a run for that event's endpoint
 * (pinpoint/2016-12-01 CampaignEventFilter: FilterType SYSTEM for Pinpoint's own `_` events,
 * ENDPOINT for the app's; EventDimensions EventType, Attributes, Metrics).
 */
import type { PinpointEvent } from '../ports.js';
import type { PinpointStore, Scope } from '../store.js';
import type { CampaignDoc, EventFilter } from './model.js';
import type { CampaignRuns } from './runs-store.js';
import { compileEventDimensions } from '../event-dimensions.js';
import { parseInstant } from './write-request.js';

/**
 * An event filter as one predicate: SYSTEM filters see Pinpoint's own `_` events, ENDPOINT filters
 * the app's, and the event has to match the dimensions (event-dimensions.ts).
 */
export function compileFilter(f: EventFilter): (e: PinpointEvent) => boolean {
  const dims = compileEventDimensions(f.Dimensions);
  const system = f.FilterType === 'SYSTEM';
  return (e) => e.eventType.startsWith('_') === system && dims(e);
}

export function matchesFilter(f: EventFilter, e: PinpointEvent): boolean {
  return compileFilter(f)(e);
}

/** Schedules a run for each EVENT campaign the events trigger; true when any was scheduled. */
export async function triggerCampaigns(
  store: PinpointStore,
  runs: CampaignRuns,
  now: Date,
  scope: Scope,
  events: PinpointEvent[],
): Promise<boolean> {
  const byApp = new Map<string, PinpointEvent[]>();
  for (const e of events) {
    // A campaign's own events never start another campaign run.
    if (!e.endpointId || e.campaignId) continue;
    byApp.set(e.appId, [...(byApp.get(e.appId) ?? []), e]);
  }
  let any = false;
  for (const [appId, appEvents] of byApp) {
    for (const { doc } of await store.list<CampaignDoc>(scope, appId, 'campaign')) {
      const s = doc.Schedule;
      if (s.Frequency !== 'EVENT' || !s.EventFilter || doc.IsPaused) continue;
      const start = s.StartTime === 'IMMEDIATE' ? undefined : parseInstant(s.StartTime);
      const end = s.EndTime ? parseInstant(s.EndTime) : undefined;
      if ((start && now < start) || (end && now >= end)) continue;
      const ids = [...new Set(appEvents.filter(compileFilter(s.EventFilter)).map((e) => e.endpointId!))];
      if (ids.length === 0) continue;
      await runs.schedule(scope, appId, doc.Id, doc.Version, now, ids);
      any = true;
    }
  }
  return any;
}
