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
import { parseInstant } from './write-request.js';

function matchesValues(value: string | undefined, type: string | undefined, values: string[]): boolean {
  if (value === undefined) return type === 'EXCLUSIVE';
  switch (type ?? 'INCLUSIVE') {
    case 'EXCLUSIVE':
      return !values.includes(value);
    case 'CONTAINS':
      return values.some((v) => value.includes(v));
    default:
      return values.includes(value);
  }
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case 'GREATER_THAN':
      return a > b;
    case 'LESS_THAN':
      return a < b;
    case 'GREATER_THAN_OR_EQUAL':
      return a >= b;
    case 'LESS_THAN_OR_EQUAL':
      return a <= b;
    default:
      return a === b;
  }
}

export function matchesFilter(f: EventFilter, e: PinpointEvent): boolean {
  const system = e.eventType.startsWith('_');
  if ((f.FilterType === 'SYSTEM') !== system) return false;
  const d = f.Dimensions;
  if (d.EventType && !matchesValues(e.eventType, d.EventType.DimensionType, d.EventType.Values)) return false;
  for (const [k, dim] of Object.entries(d.Attributes ?? {}))
    if (!matchesValues(e.attributes[k], dim.AttributeType, dim.Values)) return false;
  for (const [k, dim] of Object.entries(d.Metrics ?? {})) {
    const v = e.metrics?.[k];
    if (v === undefined || !compare(dim.ComparisonOperator, v, dim.Value)) return false;
  }
  return true;
}

/** Schedules a run for each EVENT campaign the events trigger; true when any was scheduled. */
export function triggerCampaigns(
  store: PinpointStore,
  runs: CampaignRuns,
  now: Date,
  scope: Scope,
  events: PinpointEvent[],
): boolean {
  const byApp = new Map<string, PinpointEvent[]>();
  for (const e of events) {
    // A campaign's own events never start another campaign run.
    if (!e.endpointId || e.campaignId) continue;
    byApp.set(e.appId, [...(byApp.get(e.appId) ?? []), e]);
  }
  let any = false;
  for (const [appId, appEvents] of byApp) {
    for (const { doc } of store.list<CampaignDoc>(scope, appId, 'campaign')) {
      const s = doc.Schedule;
      if (s.Frequency !== 'EVENT' || !s.EventFilter || doc.IsPaused) continue;
      const start = s.StartTime === 'IMMEDIATE' ? undefined : parseInstant(s.StartTime);
      const end = s.EndTime ? parseInstant(s.EndTime) : undefined;
      if ((start && now < start) || (end && now >= end)) continue;
      const ids = [
        ...new Set(appEvents.filter((e) => matchesFilter(s.EventFilter!, e)).map((e) => e.endpointId!)),
      ];
      if (ids.length === 0) continue;
      runs.schedule(scope, appId, doc.Id, doc.Version, now, ids);
      any = true;
    }
  }
  return any;
}
