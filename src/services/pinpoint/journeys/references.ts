/**
 * What a journey names outside itself must exist when it is written: the segments of its start
 * condition and of its segment conditions, and its email activities' templates (as campaigns check
 * theirs, campaigns/operations.ts, with the same texts). SMS, push and custom templates are stored
 * as written: Pinpost keeps email templates only, and those activities cannot be activated anyway.
 */
import { badRequest, notFound } from '../errors.js';
import type { PinpointContext, Scope } from '../ports.js';
import type { SegmentDoc } from '../segments/model.js';
import type { JourneySettings, SimpleCondition } from './model.js';

async function segment(c: PinpointContext, scope: Scope, appId: string, id: string): Promise<SegmentDoc> {
  const doc = (await c.store.get<SegmentDoc>(scope, appId, 'segment', id))?.doc;
  // The campaigns' wording (Pinpost's own) for a segment that does not exist.
  if (!doc) throw badRequest(`Segment ${id} was not found`);
  return doc;
}

function conditions(s: JourneySettings): SimpleCondition[] {
  return Object.values(s.Activities ?? {}).flatMap((a) => [
    ...(a.ConditionalSplit?.Condition?.Conditions ?? []),
    ...(a.MultiCondition?.Branches ?? []).flatMap((b) => (b.Condition ? [b.Condition] : [])),
  ]);
}

export async function checkReferences(
  c: PinpointContext,
  scope: Scope,
  appId: string,
  s: JourneySettings,
): Promise<void> {
  const start = s.StartCondition;
  if (start?.SegmentStartCondition) await segment(c, scope, appId, start.SegmentStartCondition.SegmentId);
  const eventSegment = start?.EventStartCondition?.SegmentId;
  // userguide/journeys-entry-activity.html: for a journey that starts on an event, "Imported
  // segments and dynamic segments based on an imported segment aren't supported".
  if (eventSegment !== undefined && (await segment(c, scope, appId, eventSegment)).SegmentType === 'IMPORT')
    throw badRequest(
      `Segment ${eventSegment} is an imported segment; a journey that starts on an event can't use it`,
    );
  for (const cond of conditions(s))
    if (cond.SegmentCondition) await segment(c, scope, appId, cond.SegmentCondition.SegmentId);
  for (const a of Object.values(s.Activities ?? {})) {
    const t = a.EMAIL;
    if (t?.TemplateName && !(await c.ports.templates.email(scope, t.TemplateName, t.TemplateVersion)))
      throw notFound(
        `Email template ${t.TemplateName}${t.TemplateVersion ? ` version ${t.TemplateVersion}` : ''} was not found`,
      );
  }
}
