/**
 * What a journey needs before it can be activated (State ACTIVE on create or update, or
 * UpdateJourneyState ACTIVE on a draft): the console's "Review your journey" step lists these as
 * errors that block publishing (userguide/journeys-review-test.html), and the API refuses the same
 * journey. Drafts may lack any of them.
 *
 * - an entry: a StartCondition (userguide/journeys-entry-activity.html: "you must configure the
 *   Journey entry activity") and a StartActivity;
 * - every activity complete: an email activity's template (userguide/journeys-add-activities.html:
 *   "Before you can configure an email activity, you have to create an email template"), a wait's
 *   duration or date, which "precedes the end date of the journey", a split's conditions, a random
 *   split's two to five paths whose percentages "add up to exactly 100%";
 * - the channel of every message activity enabled for the app: EMAIL needs the app's email
 *   channel enabled; Pinpost has no SMS, push, custom or contact-center channel to enable;
 * - a schedule that has not ended, and the account's quotas (developerguide/quotas.html,
 *   "Journey quotas": 50 active journeys, 20 active event-triggered journeys).
 *
 * AWS documents no texts for these refusals: every message is Pinpost's own wording.
 */
import { badRequest } from '../errors.js';
import type { ChannelDoc } from '../email-channel.js';
import type { PinpointContext, Scope } from '../ports.js';
import { parseInstant } from '../campaigns/write-request.js';
import type { JourneyStore } from './journey-store.js';
import {
  activityKind,
  type Activity,
  type ActivityKind,
  type JourneyDoc,
  type SimpleCondition,
} from './model.js';
import { checkReferences } from './references.js';

/** developerguide/quotas.html, Journey quotas: "Maximum number of active journeys: 50 per account". */
export const MAX_ACTIVE_JOURNEYS = 50;
/** developerguide/quotas.html: "Maximum number of active EventTriggeredJourneys: 20 per account". */
export const MAX_ACTIVE_EVENT_JOURNEYS = 20;

/** The channel each message activity sends through (the `journey_activity_type` of its events). */
const CHANNEL: Partial<Record<ActivityKind, string>> = {
  EMAIL: 'EMAIL',
  SMS: 'SMS',
  PUSH: 'PUSH',
  CUSTOM: 'CUSTOM',
  ContactCenter: 'CONTACT_CENTER',
};

const refuse = (why: string) => badRequest(`The journey can't be activated: ${why}`);

function condition(c: SimpleCondition | undefined, path: string): void {
  if (!c || (!c.EventCondition && !c.SegmentCondition && !c.segmentDimensions))
    throw refuse(`${path} needs an EventCondition, a SegmentCondition or SegmentDimensions`);
}

function complete(id: string, a: Activity, end: Date | undefined): void {
  const at = `Activities.${id}`;
  if (a.EMAIL && !a.EMAIL.TemplateName)
    throw refuse(`activity ${id} is an email activity without a TemplateName`);
  if (a.Wait) {
    const w = a.Wait.WaitTime;
    if (w?.WaitFor === undefined && w?.WaitUntil === undefined)
      throw refuse(`activity ${id} is a wait activity without WaitTime.WaitFor or WaitTime.WaitUntil`);
    const until = w.WaitUntil === undefined ? undefined : parseInstant(w.WaitUntil);
    if (until && end && until >= end)
      throw refuse(`${at}.Wait.WaitTime.WaitUntil must be before Schedule.EndTime`);
  }
  if (a.ConditionalSplit) {
    const list = a.ConditionalSplit.Condition?.Conditions ?? [];
    if (list.length === 0) throw refuse(`activity ${id} is a yes/no split without conditions`);
    list.forEach((c, i) => condition(c, `${at}.ConditionalSplit.Condition.Conditions[${i}]`));
  }
  if (a.MultiCondition) {
    const branches = a.MultiCondition.Branches ?? [];
    if (branches.length === 0) throw refuse(`activity ${id} is a multivariate split without branches`);
    branches.forEach((b, i) => condition(b.Condition, `${at}.MultiCondition.Branches[${i}].Condition`));
  }
  if (a.RandomSplit) {
    const branches = a.RandomSplit.Branches ?? [];
    if (branches.length < 2 || branches.length > 5)
      throw refuse(`activity ${id} is a random split, which needs 2 to 5 branches`);
    const sum = branches.reduce((n, b) => n + (b.Percentage ?? 0), 0);
    if (branches.some((b) => !b.Percentage || b.Percentage <= 0) || sum !== 100)
      throw refuse(`the percentages of ${at}.RandomSplit.Branches must be positive and add up to 100`);
  }
}

async function channelEnabled(
  c: PinpointContext,
  scope: Scope,
  appId: string,
  channel: string,
): Promise<boolean> {
  // Only the email channel exists in Pinpost (email-channel.ts); the others are never enabled.
  if (channel !== 'EMAIL') return false;
  return (await c.store.get<ChannelDoc>(scope, appId, 'channel', 'EMAIL'))?.doc.Enabled === true;
}

export interface ActivationDeps {
  c: PinpointContext;
  journeys: JourneyStore;
}

/**
 * Throws BadRequestException (or NotFoundException for a missing template) if `doc` can't run.
 * `counted`: the journey is already published (an ACTIVE journey updated), so the quotas, which
 * already count it, are not checked again.
 */
export async function checkActivation(
  d: ActivationDeps,
  scope: Scope,
  doc: JourneyDoc,
  options: { counted?: boolean } = {},
): Promise<void> {
  const start = doc.StartCondition;
  if (!start?.SegmentStartCondition && !start?.EventStartCondition)
    throw refuse('it needs a StartCondition with a SegmentStartCondition or an EventStartCondition');
  if (start.EventStartCondition && !start.EventStartCondition.EventFilter)
    throw refuse('StartCondition.EventStartCondition needs an EventFilter');
  const activities = doc.Activities ?? {};
  if (doc.StartActivity === undefined) throw refuse('it needs a StartActivity');
  const end = doc.Schedule?.EndTime === undefined ? undefined : parseInstant(doc.Schedule.EndTime);
  for (const id of Object.keys(activities).sort()) {
    const kind = activityKind(activities[id]);
    const channel = kind && CHANNEL[kind];
    if (channel && !(await channelEnabled(d.c, scope, doc.ApplicationId, channel)))
      throw refuse(
        `activity ${id} sends through the ${channel} channel, which is not enabled for this application`,
      );
    complete(id, activities[id], end);
  }
  // Segments and templates may have been deleted since the journey was written.
  await checkReferences(d.c, scope, doc.ApplicationId, doc);
  if (end && end <= d.c.clock()) throw refuse('its Schedule.EndTime has passed');
  if (options.counted) return;
  const published = await d.journeys.published(scope);
  if (published.all >= MAX_ACTIVE_JOURNEYS)
    throw badRequest(
      `Too many active journeys: the account's quota is ${MAX_ACTIVE_JOURNEYS} active journeys`,
    );
  if (start.EventStartCondition && published.eventTriggered >= MAX_ACTIVE_EVENT_JOURNEYS)
    throw badRequest(
      `Too many active event-triggered journeys: the account's quota is ${MAX_ACTIVE_EVENT_JOURNEYS} active event-triggered journeys`,
    );
}
