/**
 * Journeys started by events (StartCondition.EventStartCondition): when the app records events
 * (PutEvents), each ACTIVE event-started journey of the app whose EventFilter matches an event
 * (campaigns/event-trigger.ts: FilterType SYSTEM for Pinpoint's own `_` events, ENDPOINT for the
 * app's; EventType, Attributes, Metrics as event-dimensions.ts matches them) gets a run for the endpoints of those events — only the
 * members of EventStartCondition.SegmentId when it names one — within Schedule.StartTime–EndTime.
 * The engine's own events (journey and campaign sends) start nothing. Each run is created with its
 * journey's pass scheduled (schedule.ts), in one transaction.
 */
import { compileFilter } from '../../campaigns/event-trigger.js';
import { parseInstant } from '../../campaigns/write-request.js';
import type { EventFilter as CampaignEventFilter } from '../../campaigns/model.js';
import type { PinpointContext, PinpointEvent, Scope } from '../../ports.js';
import type { JourneyDoc } from '../model.js';
import type { JourneyRuns } from './runs-store.js';
import { schedulePass } from './schedule.js';

export async function startFromEvents(
  c: PinpointContext,
  runs: JourneyRuns,
  scope: Scope,
  events: PinpointEvent[],
): Promise<void> {
  const byApp = new Map<string, PinpointEvent[]>();
  for (const e of events) {
    if (!e.endpointId || e.campaignId || e.attributes.journey_id) continue;
    byApp.set(e.appId, [...(byApp.get(e.appId) ?? []), e]);
  }
  const now = c.clock();
  for (const [appId, appEvents] of byApp) {
    for (const { doc } of await c.store.list<JourneyDoc>(scope, appId, 'journey')) {
      const start = doc.StartCondition?.EventStartCondition;
      if (doc.State !== 'ACTIVE' || !start?.EventFilter) continue;
      const from = doc.Schedule?.StartTime ? parseInstant(doc.Schedule.StartTime) : undefined;
      const end = doc.Schedule?.EndTime ? parseInstant(doc.Schedule.EndTime) : undefined;
      if ((from && now < from) || (end && now >= end)) continue;
      const filter = start.EventFilter as unknown as CampaignEventFilter;
      let ids = [...new Set(appEvents.filter(compileFilter(filter)).map((e) => e.endpointId!))];
      if (start.SegmentId && ids.length) {
        const members = new Set<string>();
        for await (const m of (await c.ports.segments.members(scope, appId, start.SegmentId)) ?? [])
          members.add(m.Id);
        ids = ids.filter((id) => members.has(id));
      }
      if (ids.length === 0) continue;
      await c.db.transaction(async () => {
        await runs.create(scope, appId, doc.Id, doc.version, now, now, { endpoints: ids });
        await schedulePass(c, scope, appId, doc.Id, now);
      });
    }
  }
}
