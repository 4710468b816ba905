/**
 * Checks a WriteSegmentRequest (pinpoint/2016-12-01), typed by the model, into a SegmentWrite:
 * enums, required members and ranges as the model states them (its reader checks only the required
 * members of a Pinpoint body, and journeys hand SegmentDimensions here too). AWS documents no texts for these 400s, so the
 * messages are Pinpost's wording; the rule that Dimensions and SegmentGroups exclude each other is
 * AWS's ("A WriteSegmentRequest object can include a Dimensions object or a SegmentGroups object,
 * but not both", cli/latest/reference/pinpoint/create-segment.html).
 */
import type { WriteSegmentRequest } from '../../../wire/model/types/pinpoint.js';
import { badRequest } from '../errors.js';
import {
  ATTRIBUTE_TYPES,
  COMBINES,
  COMPARISON_OPERATORS,
  DEMOGRAPHIC_KEYS,
  DIMENSION_TYPES,
  DURATIONS,
  RECENCY_TYPES,
  type AttributeDimension,
  type Combine,
  type SegmentDimensions,
  type SegmentGroup,
  type SegmentGroupList,
  type SegmentReference,
  type SegmentWrite,
  type SetDimension,
} from './model.js';

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);

function object(v: unknown, where: string): Raw | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw badRequest(`${where} must be an object`);
  return v;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], where: string): T | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw badRequest(`Invalid ${where}: ${String(v)}. Valid values: ${allowed.join(', ')}`);
  }
  return v as T;
}

function strings(v: unknown, where: string): string[] {
  if (v === undefined || v === null) throw badRequest(`${where} is required`);
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw badRequest(`${where} must be a list of strings`);
  }
  return v as string[];
}

function num(v: unknown, where: string, required: boolean): number | undefined {
  if (v === undefined || v === null) {
    if (required) throw badRequest(`${where} is required`);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) throw badRequest(`${where} must be a number`);
  return v;
}

/** The ISO 8601 instants BEFORE, AFTER, ON and BETWEEN compare against (AttributeDimension). */
function checkDates(values: string[], where: string): void {
  for (const v of values) {
    if (Number.isNaN(Date.parse(v))) throw badRequest(`${where}: ${v} is not an ISO 8601 date`);
  }
}

function attributeDimension(v: unknown, where: string): AttributeDimension {
  const raw = object(v, where)!;
  const type = oneOf(raw.AttributeType, ATTRIBUTE_TYPES, `${where}.AttributeType`);
  const values = strings(raw.Values, `${where}.Values`);
  if (type === 'BETWEEN') {
    if (values.length !== 2) throw badRequest(`${where}: BETWEEN takes exactly two values`);
    checkDates(values, where);
  } else if (type === 'BEFORE' || type === 'AFTER' || type === 'ON') {
    if (values.length !== 1) throw badRequest(`${where}: ${type} takes exactly one value`);
    checkDates(values, where);
  }
  return type ? { AttributeType: type, Values: values } : { Values: values };
}

function attributeMap(v: unknown, where: string): Record<string, AttributeDimension> | undefined {
  const raw = object(v, where);
  if (!raw) return undefined;
  const out: Record<string, AttributeDimension> = {};
  for (const [k, d] of Object.entries(raw)) out[k] = attributeDimension(d, `${where}.${k}`);
  return out;
}

function setDimension(v: unknown, where: string): SetDimension | undefined {
  const raw = object(v, where);
  if (!raw) return undefined;
  const type = oneOf(raw.DimensionType, DIMENSION_TYPES, `${where}.DimensionType`);
  const values = strings(raw.Values, `${where}.Values`);
  return type ? { DimensionType: type, Values: values } : { Values: values };
}

/** SegmentDimensions; members left out stay out (the response echoes what was written). */
export function segmentDimensions(v: unknown, where = 'Dimensions'): SegmentDimensions | undefined {
  const raw = object(v, where);
  if (!raw) return undefined;
  const out: SegmentDimensions = {};
  const attributes = attributeMap(raw.Attributes, `${where}.Attributes`);
  if (attributes) out.Attributes = attributes;
  const userAttributes = attributeMap(raw.UserAttributes, `${where}.UserAttributes`);
  if (userAttributes) out.UserAttributes = userAttributes;

  const behavior = object(raw.Behavior, `${where}.Behavior`);
  if (behavior) {
    out.Behavior = {};
    const recency = object(behavior.Recency, `${where}.Behavior.Recency`);
    if (recency) {
      const at = `${where}.Behavior.Recency`;
      const duration = oneOf(recency.Duration, DURATIONS, `${at}.Duration`);
      const type = oneOf(recency.RecencyType, RECENCY_TYPES, `${at}.RecencyType`);
      if (!duration) throw badRequest(`${at}.Duration is required`);
      if (!type) throw badRequest(`${at}.RecencyType is required`);
      out.Behavior.Recency = { Duration: duration, RecencyType: type };
    }
  }

  const demographic = object(raw.Demographic, `${where}.Demographic`);
  if (demographic) {
    out.Demographic = {};
    for (const key of DEMOGRAPHIC_KEYS) {
      const d = setDimension(demographic[key], `${where}.Demographic.${key}`);
      if (d) out.Demographic[key] = d;
    }
  }

  const location = object(raw.Location, `${where}.Location`);
  if (location) {
    out.Location = {};
    const country = setDimension(location.Country, `${where}.Location.Country`);
    if (country) out.Location.Country = country;
    const gps = object(location.GPSPoint, `${where}.Location.GPSPoint`);
    if (gps) {
      const at = `${where}.Location.GPSPoint`;
      const c = object(gps.Coordinates, `${at}.Coordinates`);
      if (!c) throw badRequest(`${at}.Coordinates is required`);
      const lat = num(c.Latitude, `${at}.Coordinates.Latitude`, true)!;
      const lon = num(c.Longitude, `${at}.Coordinates.Longitude`, true)!;
      if (lat < -90 || lat > 90) throw badRequest(`${at}.Coordinates.Latitude must be between -90 and 90`);
      if (lon < -180 || lon > 180) {
        throw badRequest(`${at}.Coordinates.Longitude must be between -180 and 180`);
      }
      const range = num(gps.RangeInKilometers, `${at}.RangeInKilometers`, false);
      if (range !== undefined && range < 0) throw badRequest(`${at}.RangeInKilometers must not be negative`);
      out.Location.GPSPoint = {
        Coordinates: { Latitude: lat, Longitude: lon },
        ...(range === undefined ? {} : { RangeInKilometers: range }),
      };
    }
  }

  const metrics = object(raw.Metrics, `${where}.Metrics`);
  if (metrics) {
    out.Metrics = {};
    for (const [k, m] of Object.entries(metrics)) {
      const at = `${where}.Metrics.${k}`;
      const d = object(m, at)!;
      const op = oneOf(d.ComparisonOperator, COMPARISON_OPERATORS, `${at}.ComparisonOperator`);
      if (!op) throw badRequest(`${at}.ComparisonOperator is required`);
      out.Metrics[k] = { ComparisonOperator: op, Value: num(d.Value, `${at}.Value`, true)! };
    }
  }
  return out;
}

function segmentReference(v: unknown, where: string): SegmentReference {
  const raw = object(v, where)!;
  if (typeof raw.Id !== 'string' || raw.Id === '') throw badRequest(`${where}.Id is required`);
  const version = num(raw.Version, `${where}.Version`, false);
  if (version !== undefined && (!Number.isInteger(version) || version < 1)) {
    throw badRequest(`${where}.Version must be a positive integer`);
  }
  return version === undefined ? { Id: raw.Id } : { Id: raw.Id, Version: version };
}

function segmentGroup(v: unknown, where: string): SegmentGroup {
  const raw = object(v, where)!;
  const out: SegmentGroup = {};
  if (raw.Dimensions !== undefined && raw.Dimensions !== null) {
    if (!Array.isArray(raw.Dimensions)) throw badRequest(`${where}.Dimensions must be a list`);
    out.Dimensions = raw.Dimensions.map((d, i) => segmentDimensions(d, `${where}.Dimensions[${i}]`) ?? {});
  }
  if (raw.SourceSegments !== undefined && raw.SourceSegments !== null) {
    if (!Array.isArray(raw.SourceSegments)) throw badRequest(`${where}.SourceSegments must be a list`);
    out.SourceSegments = raw.SourceSegments.map((s, i) =>
      segmentReference(s, `${where}.SourceSegments[${i}]`),
    );
  }
  const sourceType = oneOf<Combine>(raw.SourceType, COMBINES, `${where}.SourceType`);
  if (sourceType) out.SourceType = sourceType;
  const type = oneOf<Combine>(raw.Type, COMBINES, `${where}.Type`);
  if (type) out.Type = type;
  return out;
}

export function segmentGroups(v: unknown): SegmentGroupList | undefined {
  const raw = object(v, 'SegmentGroups');
  if (!raw) return undefined;
  const out: SegmentGroupList = {};
  if (raw.Groups !== undefined && raw.Groups !== null) {
    if (!Array.isArray(raw.Groups)) throw badRequest('SegmentGroups.Groups must be a list');
    out.Groups = raw.Groups.map((g, i) => segmentGroup(g, `SegmentGroups.Groups[${i}]`));
  }
  const include = oneOf<Combine>(raw.Include, COMBINES, 'SegmentGroups.Include');
  if (include) out.Include = include;
  return out;
}

/** The body of CreateSegment/UpdateSegment. */
export function writeSegmentRequest(body: WriteSegmentRequest): SegmentWrite {
  const name = body.Name;
  const dimensions = segmentDimensions(body.Dimensions);
  const groups = segmentGroups(body.SegmentGroups);
  if (dimensions && groups) {
    // Pinpost's wording of AWS's rule (create-segment: "… but not both").
    throw badRequest('A segment can include Dimensions or SegmentGroups, but not both');
  }
  const out: SegmentWrite = {};
  if (name !== undefined) out.Name = name;
  if (dimensions) out.Dimensions = dimensions;
  if (groups) out.SegmentGroups = groups;
  if (body.tags) out.tags = body.tags;
  return out;
}

/** Every segment a write refers to through SegmentGroups' SourceSegments. */
export function sourceSegments(w: { SegmentGroups?: SegmentGroupList }): SegmentReference[] {
  return (w.SegmentGroups?.Groups ?? []).flatMap((g) => g.SourceSegments ?? []);
}
