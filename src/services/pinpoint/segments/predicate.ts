/**
 * Compiles a segment's dimensions into one function over endpoint documents. A campaign runs it over
 * every endpoint of the app (up to a million), so everything that depends only on the segment —
 * value sets, parsed dates, the recency cut-off, the GPS point in radians — is computed once here,
 * and the per-endpoint test allocates nothing.
 *
 * Semantics (pinpoint/2016-12-01 AttributeDimension, SetDimension, MetricDimension,
 * RecencyDimension; userguide/segments-building.html):
 * - every dimension given must match (they are criteria of one segment, combined with AND);
 * - Attributes / UserAttributes: INCLUSIVE when one of the endpoint's values is one of the values,
 *   EXCLUSIVE when none is (an endpoint without the attribute is not excluded), CONTAINS when one
 *   of its values contains one of the values, BEFORE / AFTER / ON / BETWEEN when one of its values
 *   read as an ISO 8601 instant is before / after / on the same UTC day as / between (inclusive) the
 *   values. Values compare exactly, case included: AWS documents attribute names as case sensitive
 *   (userguide/segments-importing.html) and says nothing of folding values, so Pinpost folds none;
 * - Demographic.Channel is the endpoint's ChannelType, the other Demographic keys and
 *   Location.Country the endpoint's member of that name (EndpointDemographic has no DeviceType:
 *   only an endpoint whose Demographic was given one can match an INCLUSIVE DeviceType);
 * - Location.GPSPoint: within RangeInKilometers of the point, by the haversine distance on a sphere
 *   of radius 6371 km; without RangeInKilometers only the point itself (Pinpost's reading, AWS
 *   documents no default);
 * - Metrics: the endpoint's metric compared with Value (an endpoint without it does not match);
 * - Behavior.Recency: ACTIVE when the endpoint's EffectiveDate (its last update or activity) is
 *   within Duration of now, INACTIVE otherwise.
 */
import type { EndpointDoc } from '../endpoints.js';
import type {
  AttributeDimension,
  ComparisonOperator,
  Duration,
  GPSPointDimension,
  SegmentDimensions,
  SetDimension,
} from './model.js';

export type EndpointPredicate = (endpoint: EndpointDoc) => boolean;

type Lists = Record<string, unknown> | undefined;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DURATION_MS: Record<Duration, number> = {
  HR_24: DAY,
  DAY_7: 7 * DAY,
  DAY_14: 14 * DAY,
  DAY_30: 30 * DAY,
};
const EARTH_RADIUS_KM = 6371;
const RAD = Math.PI / 180;

export const everyEndpoint: EndpointPredicate = () => true;

function anyValue(values: unknown, test: (v: string) => boolean): boolean {
  if (!Array.isArray(values)) return false;
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (typeof v === 'string' && test(v)) return true;
  }
  return false;
}

/**
 * A test of one attribute's values (a list of strings, or undefined when the endpoint has none).
 * Events' attribute dimensions (event-dimensions.ts) use it too, an event's value as a list of one.
 */
export function attributeTest(d: AttributeDimension): (values: unknown) => boolean {
  const wanted = d.Values;
  const set = new Set(wanted);
  // Each value test is built once, so testing an endpoint creates no closure.
  const inSet = (v: string) => set.has(v);
  switch (d.AttributeType ?? 'INCLUSIVE') {
    case 'INCLUSIVE':
      return (values) => anyValue(values, inSet);
    case 'EXCLUSIVE':
      return (values) => !anyValue(values, inSet);
    case 'CONTAINS': {
      const contains = (v: string) => {
        for (let i = 0; i < wanted.length; i++) if (v.includes(wanted[i])) return true;
        return false;
      };
      return (values) => anyValue(values, contains);
    }
    case 'BEFORE': {
      const at = Date.parse(wanted[0]);
      const before = (v: string) => Date.parse(v) < at;
      return (values) => anyValue(values, before);
    }
    case 'AFTER': {
      const at = Date.parse(wanted[0]);
      const after = (v: string) => Date.parse(v) > at;
      return (values) => anyValue(values, after);
    }
    case 'ON': {
      // "Time is ignored in this comparison": the same UTC calendar day.
      const day = Math.floor(Date.parse(wanted[0]) / DAY);
      const on = (v: string) => Math.floor(Date.parse(v) / DAY) === day;
      return (values) => anyValue(values, on);
    }
    case 'BETWEEN': {
      const a = Date.parse(wanted[0]);
      const b = Date.parse(wanted[1]);
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      const between = (v: string) => {
        const t = Date.parse(v);
        return t >= lo && t <= hi;
      };
      return (values) => anyValue(values, between);
    }
  }
}

function attributesTest(
  dims: Record<string, AttributeDimension>,
  read: (e: EndpointDoc) => Lists,
): EndpointPredicate[] {
  return Object.entries(dims).map(([name, d]) => {
    const test = attributeTest(d);
    return (e) => test(read(e)?.[name]);
  });
}

function setTest(d: SetDimension, read: (e: EndpointDoc) => unknown): EndpointPredicate {
  const set = new Set(d.Values);
  if ((d.DimensionType ?? 'INCLUSIVE') === 'INCLUSIVE') {
    return (e) => {
      const v = read(e);
      return typeof v === 'string' && set.has(v);
    };
  }
  return (e) => {
    const v = read(e);
    return !(typeof v === 'string' && set.has(v));
  };
}

/** MetricDimension: a metric compared with Value (events' metric dimensions use it too). */
export function compare(op: ComparisonOperator, value: number): (x: number) => boolean {
  switch (op) {
    case 'GREATER_THAN':
      return (x) => x > value;
    case 'LESS_THAN':
      return (x) => x < value;
    case 'GREATER_THAN_OR_EQUAL':
      return (x) => x >= value;
    case 'LESS_THAN_OR_EQUAL':
      return (x) => x <= value;
    case 'EQUAL':
      return (x) => x === value;
  }
}

/** Great-circle distance test against a fixed point (haversine). */
function gpsTest(d: GPSPointDimension): EndpointPredicate {
  const lat1 = d.Coordinates.Latitude * RAD;
  const lon1 = d.Coordinates.Longitude * RAD;
  const cosLat1 = Math.cos(lat1);
  const range = d.RangeInKilometers ?? 0;
  return (e) => {
    const loc = e.Location as Record<string, unknown> | undefined;
    const lat = loc?.Latitude;
    const lon = loc?.Longitude;
    if (typeof lat !== 'number' || typeof lon !== 'number') return false;
    const lat2 = lat * RAD;
    const sinDLat = Math.sin((lat2 - lat1) / 2);
    const sinDLon = Math.sin((lon * RAD - lon1) / 2);
    const h = sinDLat * sinDLat + cosLat1 * Math.cos(lat2) * sinDLon * sinDLon;
    const km = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    return km <= range;
  };
}

const member = (group: string, key: string) => (e: EndpointDoc) =>
  (e[group as keyof EndpointDoc] as Record<string, unknown> | undefined)?.[key];

/**
 * Every test the dimensions ask for, cheapest first: all must pass, so the first that fails ends an
 * endpoint's test before the dearer ones (substring and date scans, distance, parsing EffectiveDate).
 */
function tests(d: SegmentDimensions, now: Date): EndpointPredicate[] {
  const out: EndpointPredicate[] = [];
  for (const [key, dim] of Object.entries(d.Demographic ?? {})) {
    if (!dim) continue;
    out.push(setTest(dim, key === 'Channel' ? (e) => e.ChannelType : member('Demographic', key)));
  }
  if (d.Location?.Country) out.push(setTest(d.Location.Country, member('Location', 'Country')));
  for (const [name, m] of Object.entries(d.Metrics ?? {})) {
    const test = compare(m.ComparisonOperator, m.Value);
    out.push((e) => {
      const x = (e.Metrics as Record<string, unknown> | undefined)?.[name];
      return typeof x === 'number' && test(x);
    });
  }
  if (d.Attributes) out.push(...attributesTest(d.Attributes, (e) => e.Attributes as Lists));
  if (d.UserAttributes) {
    out.push(
      ...attributesTest(
        d.UserAttributes,
        (e) => (e.User as { UserAttributes?: Lists } | undefined)?.UserAttributes,
      ),
    );
  }
  if (d.Location?.GPSPoint) out.push(gpsTest(d.Location.GPSPoint));
  const recency = d.Behavior?.Recency;
  if (recency) {
    const cutoff = now.getTime() - DURATION_MS[recency.Duration];
    const active = recency.RecencyType === 'ACTIVE';
    out.push((e) => {
      const t = typeof e.EffectiveDate === 'string' ? Date.parse(e.EffectiveDate) : NaN;
      const recent = t >= cutoff; // NaN (never active) compares false
      return active ? recent : !recent;
    });
  }
  return out;
}

/** One segment's dimensions as one predicate; no dimensions means every endpoint. */
export function compileDimensions(d: SegmentDimensions | undefined, now: Date): EndpointPredicate {
  const list = d ? tests(d, now) : [];
  if (list.length === 0) return everyEndpoint;
  if (list.length === 1) return list[0];
  return (e) => {
    for (let i = 0; i < list.length; i++) if (!list[i](e)) return false;
    return true;
  };
}

/** Combines predicates as SegmentGroup.Type / SegmentGroupList.Include say (ALL, ANY, NONE). */
export function combine(how: 'ALL' | 'ANY' | 'NONE', list: EndpointPredicate[]): EndpointPredicate {
  if (list.length === 0) return everyEndpoint;
  if (how === 'ALL') {
    if (list.length === 1) return list[0];
    return (e) => {
      for (let i = 0; i < list.length; i++) if (!list[i](e)) return false;
      return true;
    };
  }
  const any: EndpointPredicate = (e) => {
    for (let i = 0; i < list.length; i++) if (list[i](e)) return true;
    return false;
  };
  return how === 'ANY' ? any : (e) => !any(e);
}
