/**
 * One output value by its model shape (issue 14), for the protocol writing it:
 * - awsQuery: structure members in the model's order under their `locationName` (else the member
 *   name); lists as `<member>` items (or the list member's locationName), flattened lists as the
 *   repeated element; maps as `<entry><key/><value/></entry>` (the map key and value
 *   locationNames), flattened maps as repeated elements; scalars as text (output-scalars.ts). The
 *   tree is fast-xml-parser's (an array is a repeated element, `''` an empty one).
 * - restJson1: the JSON value, members under their JSON name (`locationName`).
 * A member the shape does not have, or a value no coercion makes its type, is reported as a stray
 * (output-strays.ts) and left out. Work is bounded: the walk follows the value, which is finite,
 * and stops at MAX_DEPTH (the vendored models nest outputs far less deep; a recursive shape, or a
 * cyclic value, stops there too).
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#xml-shape-serialization
 */
import type { ServiceView } from './lookup.js';
import { encodeScalar, STRAY, type OutputProtocol, type TimestampFormat } from './output-scalars.js';
import type { StrayMember } from './output-strays.js';
import type { MemberRef, Shape } from './shapes.js';
import { QueryMap } from '../query/query-map.js';

/** Deeper than any output of the vendored models (Pinpoint's journeys reach about 12). */
export const MAX_DEPTH = 32;

export interface EncodeContext {
  view: ServiceView;
  protocol: OutputProtocol;
  report(stray: StrayMember): void;
}

type Plain = Record<string, unknown>;

function isPlainObject(v: unknown): v is Plain {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Date) &&
    !(v instanceof Uint8Array) &&
    !(v instanceof Map) &&
    !(v instanceof Set)
  );
}

/** A map's entries from a plain object, a Map with string keys, or the older QueryMap marker. */
function mapEntries(v: unknown): [string, unknown][] | undefined {
  if (v instanceof QueryMap) return Object.entries(v.entries);
  if (v instanceof Map) {
    const out: [string, unknown][] = [];
    for (const [k, x] of v as Map<unknown, unknown>) {
      if (typeof k !== 'string') return undefined;
      out.push([k, x]);
    }
    return out;
  }
  return isPlainObject(v) ? Object.entries(v) : undefined;
}

function defaultTimestampFormat(protocol: OutputProtocol): TimestampFormat {
  return protocol === 'query' ? 'iso8601' : 'unixTimestamp';
}

/** The format a member's timestamp is written in: the member's, the shape's, the protocol's. */
export function timestampFormatOf(ref: MemberRef, shape: Shape, fallback: TimestampFormat): TimestampFormat {
  const f = ref.timestampFormat ?? shape.timestampFormat;
  return f === 'iso8601' || f === 'unixTimestamp' || f === 'rfc822' ? f : fallback;
}

/**
 * `value` as the member `ref` on the wire, or undefined when it is left out. A flattened awsQuery
 * list or map comes back as an array of elements the parent repeats under the member's name.
 */
export function encodeMember(
  cx: EncodeContext,
  ref: MemberRef,
  value: unknown,
  path: string,
  depth: number,
): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = cx.view.shape(ref.shape);
  if (depth > MAX_DEPTH) {
    cx.report({ path, reason: 'too deep' });
    return undefined;
  }
  const query = cx.protocol === 'query';
  switch (shape.type) {
    case 'structure': {
      const obj = value instanceof QueryMap ? value.entries : value;
      if (!isPlainObject(obj)) return wrongType(cx, path);
      return encodeStructure(cx, ref.shape, obj, path, depth + 1);
    }
    case 'list': {
      if (!Array.isArray(value)) return wrongType(cx, path);
      const item = shape.member!;
      const items: unknown[] = [];
      for (const v of value) {
        const x = encodeMember(cx, item, v, `${path}[]`, depth + 1);
        if (x !== undefined) items.push(x);
      }
      if (!query) return items;
      if (ref.flattened || shape.flattened) return items.length ? items : undefined;
      return items.length ? { [item.locationName ?? 'member']: items } : '';
    }
    case 'map': {
      const entries = mapEntries(value);
      if (!entries) return wrongType(cx, path);
      const out: [string, unknown][] = [];
      for (const [k, v] of entries) {
        const x = encodeMember(cx, shape.value!, v, `${path}{}`, depth + 1);
        if (x !== undefined) out.push([k, x]);
      }
      if (!query) return Object.fromEntries(out);
      const keyName = shape.key?.locationName ?? 'key';
      const valueName = shape.value?.locationName ?? 'value';
      const elements = out.map(([k, x]) => ({ [keyName]: k, [valueName]: x }));
      if (ref.flattened || shape.flattened) return elements.length ? elements : undefined;
      return elements.length ? { entry: elements } : '';
    }
    default: {
      const format = timestampFormatOf(ref, shape, defaultTimestampFormat(cx.protocol));
      const x = encodeScalar(shape, value, cx.protocol, format);
      return x === STRAY ? wrongType(cx, path) : x;
    }
  }
}

function wrongType(cx: EncodeContext, path: string): undefined {
  cx.report({ path, reason: 'wrong type' });
  return undefined;
}

const namesOf = new WeakMap<ServiceView, Map<string, Set<string>>>();

/** A structure's member names and wire names, once per shape. */
function knownNames(view: ServiceView, shapeName: string): Set<string> {
  let byShape = namesOf.get(view);
  if (!byShape) namesOf.set(view, (byShape = new Map()));
  let names = byShape.get(shapeName);
  if (!names) {
    names = new Set(view.members(shapeName).flatMap((m) => [m.name, m.ref.locationName ?? m.name]));
    byShape.set(shapeName, names);
  }
  return names;
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

/**
 * A structure's members in the model's order under their wire names. A handler may hold a member
 * under its name or its wire name; any other own key is a stray. `only` limits the members written
 * (restJson1's body members, without those bound to headers).
 */
export function encodeStructure(
  cx: EncodeContext,
  shapeName: string,
  obj: Plain,
  path: string,
  depth: number,
  only?: (ref: MemberRef) => boolean,
): Plain {
  const out: Plain = {};
  for (const m of cx.view.members(shapeName)) {
    const wire = m.ref.locationName ?? m.name;
    if (only && !only(m.ref)) continue;
    const value = Object.hasOwn(obj, m.name) ? obj[m.name] : Object.hasOwn(obj, wire) ? obj[wire] : undefined;
    const x = encodeMember(cx, m.ref, value, join(path, m.name), depth);
    if (x !== undefined) out[wire] = x;
  }
  const known = knownNames(cx.view, shapeName);
  for (const key of Object.keys(obj)) {
    if (!known.has(key) && obj[key] !== undefined && obj[key] !== null) {
      cx.report({ path: join(path, key), reason: 'not in the model' });
    }
  }
  return out;
}
