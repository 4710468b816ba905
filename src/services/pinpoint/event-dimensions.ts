/**
 * The one matcher of an event against EventDimensions (pinpoint/2016-12-01 EventDimensions:
 * EventType a SetDimension, Attributes a map of AttributeDimension, Metrics a map of
 * MetricDimension; API reference
 * https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-campaigns.html and
 * apps-application-id-journeys.html, "EventDimensions", "AttributeDimension", "MetricDimension").
 * EVENT campaigns (campaigns/event-trigger.ts), event-started journeys (journeys/run/events.ts) and
 * journeys' EventCondition (journeys/run/conditions.ts) all decide with it.
 *
 * An attribute dimension reads the event's attribute (Event.Attributes, one string) the way a
 * segment's reads an endpoint's (segments/predicate.ts): INCLUSIVE it is one of the values,
 * EXCLUSIVE it is none of them (an event without the attribute is not excluded), CONTAINS it
 * contains one of them, BEFORE / AFTER / ON / BETWEEN it read as an ISO 8601 instant is before /
 * after / on the UTC day of / between (inclusive) the values. A metric dimension compares the
 * event's metric (Event.Metrics) with Value; an event without the metric does not match. Every
 * dimension given has to match. Campaigns do not check these members' types when written, so an
 * AttributeType the model does not know reads as INCLUSIVE and a ComparisonOperator as EQUAL.
 */
import { attributeTest, compare } from './segments/predicate.js';
import {
  ATTRIBUTE_TYPES,
  COMPARISON_OPERATORS,
  type AttributeType,
  type ComparisonOperator,
} from './segments/model.js';

/** What the dimensions read of an event (PinpointEvent has these members). */
export interface EventFacts {
  eventType: string;
  attributes: Record<string, string>;
  metrics?: Record<string, number>;
}

/** EventDimensions as campaigns and journeys store them (the members as written). */
export interface EventDimensionsDoc {
  EventType?: { DimensionType?: string; Values: string[] };
  Attributes?: Record<string, { AttributeType?: string; Values: string[] }>;
  Metrics?: Record<string, { ComparisonOperator: string; Value: number }>;
}

export type EventPredicate = (e: EventFacts) => boolean;

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);

/** The dimensions as one predicate, everything that depends only on them computed once. */
export function compileEventDimensions(d: EventDimensionsDoc): EventPredicate {
  const tests: EventPredicate[] = [];
  if (d.EventType) {
    const types = new Set(list(d.EventType.Values));
    const exclusive = d.EventType.DimensionType === 'EXCLUSIVE';
    tests.push((e) => types.has(e.eventType) !== exclusive);
  }
  for (const [name, dim] of Object.entries(d.Attributes ?? {})) {
    const type = (ATTRIBUTE_TYPES as readonly string[]).includes(dim.AttributeType ?? '')
      ? (dim.AttributeType as AttributeType)
      : 'INCLUSIVE';
    const test = attributeTest({ AttributeType: type, Values: list(dim.Values) });
    tests.push((e) => {
      const v = Object.hasOwn(e.attributes, name) ? e.attributes[name] : undefined;
      return test(typeof v === 'string' ? [v] : undefined);
    });
  }
  for (const [name, dim] of Object.entries(d.Metrics ?? {})) {
    const op = (COMPARISON_OPERATORS as readonly string[]).includes(dim.ComparisonOperator)
      ? (dim.ComparisonOperator as ComparisonOperator)
      : 'EQUAL';
    const test = compare(op, dim.Value);
    tests.push((e) => {
      const v = e.metrics && Object.hasOwn(e.metrics, name) ? e.metrics[name] : undefined;
      return typeof v === 'number' && test(v);
    });
  }
  return (e) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i](e)) return false;
    return true;
  };
}
