/**
 * Reading a WriteJourneyRequest (apireference/apps-application-id-journeys.html) as the model typed
 * it (src/wire/model/decode-input.ts: members' types, Schedule's times as Dates; its model step
 * checked the required members), into the settings Pinpost stores: the values the model leaves
 * unchecked (enums, SegmentDimensions) by write-shape.ts, then the rules every write follows
 * (write-rules.ts). Runs in the handler, after the caller is authorized: Pinpoint authorizes a
 * request before it looks at its body.
 *
 * A journey is stored as the JSON it was written in (model.ts): Schedule's times as ISO 8601 text,
 * which the running journeys read, and a condition's SegmentDimensions under its wire name
 * `segmentDimensions` (the model's locationName), as journeys stored before were.
 */
import type {
  SimpleCondition as TypedCondition,
  WriteJourneyRequest,
} from '../../../wire/model/types/pinpoint.js';
import type { JourneySettings } from './model.js';
import { conform } from './shape.js';
import { writeJourneyShape } from './write-shape.js';
import { checkWrite } from './write-rules.js';

type Doc = Record<string, unknown>;

/** A SimpleCondition with its SegmentDimensions under the wire name. */
function condition(c: TypedCondition): Doc {
  const { SegmentDimensions, ...rest } = c;
  return SegmentDimensions === undefined ? rest : { ...rest, segmentDimensions: SegmentDimensions };
}

/** The request as JSON writes it: Dates as ISO 8601 text, SegmentDimensions as `segmentDimensions`. */
function asWritten(w: WriteJourneyRequest): Doc {
  const out: Doc = { ...w };
  if (w.Schedule) {
    const { StartTime, EndTime, ...rest } = w.Schedule;
    out.Schedule = {
      ...rest,
      ...(StartTime && { StartTime: StartTime.toISOString() }),
      ...(EndTime && { EndTime: EndTime.toISOString() }),
    };
  }
  if (w.Activities) {
    const activities: Doc = {};
    for (const [id, a] of Object.entries(w.Activities)) {
      const split = a.ConditionalSplit?.Condition?.Conditions;
      const branches = a.MultiCondition?.Branches;
      activities[id] = {
        ...a,
        ...(split && {
          ConditionalSplit: {
            ...a.ConditionalSplit,
            Condition: { ...a.ConditionalSplit!.Condition, Conditions: split.map(condition) },
          },
        }),
        ...(branches && {
          MultiCondition: {
            ...a.MultiCondition,
            Branches: branches.map((b) => (b.Condition ? { ...b, Condition: condition(b.Condition) } : b)),
          },
        }),
      };
    }
    out.Activities = activities;
  }
  return out;
}

/** The settings a write gives; a request without a body has no Name (the model step said so first). */
export function readWriteJourney(w: WriteJourneyRequest | undefined): JourneySettings {
  const settings = conform(w ? asWritten(w) : {}, writeJourneyShape, '') as JourneySettings;
  checkWrite(settings);
  return settings;
}
