/**
 * The journey editor's JSON: a WriteJourneyRequest typed as JSON text. The SDK wants the schedule's
 * times as Dates (its timestamps) where JSON has strings, and a JourneyResponse carries members a
 * write does not take (Id, ApplicationId, tags), so editing starts from the journey minus those.
 */

export type Json = Record<string, unknown>;

/** JSON text to a WriteJourneyRequest, or an Error naming the line JSON.parse stopped at. */
export function writeRequestOf(text: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`The journey is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new Error('The journey must be a JSON object (a WriteJourneyRequest)');
  const out = { ...(value as Json) };
  const schedule = out.Schedule as Json | undefined;
  if (schedule && typeof schedule === 'object') {
    const s = { ...schedule };
    for (const k of ['StartTime', 'EndTime'])
      if (typeof s[k] === 'string') {
        const d = new Date(s[k] as string);
        if (Number.isNaN(d.getTime())) throw new Error(`Schedule.${k} must be a time in ISO 8601 format`);
        s[k] = d;
      }
    out.Schedule = s;
  }
  return out;
}

/** A journey as the editor shows it: the members a write takes, pretty-printed. */
export function editableJson(journey: Json): string {
  const { Id: _id, ApplicationId: _app, tags: _tags, ...rest } = journey;
  return JSON.stringify(rest, null, 2);
}

/** A journey to start from: an email to the segment, a day's wait, another email. */
export function starterJourney(segmentId: string, templateName: string): string {
  return JSON.stringify(
    {
      Name: 'welcome-series',
      StartActivity: 'first',
      StartCondition: { SegmentStartCondition: { SegmentId: segmentId } },
      Activities: {
        first: { EMAIL: { TemplateName: templateName, NextActivity: 'pause' } },
        pause: { Wait: { WaitTime: { WaitFor: 'P1D' }, NextActivity: 'second' } },
        second: { EMAIL: { TemplateName: templateName } },
      },
      RefreshFrequency: 'PT1H',
    },
    null,
    2,
  );
}
