/**
 * A decoded request read by the model, in one walk: the generated types' values and the model's
 * verdict on them. This is the one reading of input for every operation (issue 14: "one shared
 * input module replaces the six copies"). awsQuery hands strings
 * (numbers, booleans and timestamps as text, an empty list as `''`); restJson1 hands JSON values plus
 * URI labels, query-string members and headers as text. Out come the generated types' values
 * (src/wire/model/types/): members under their model names, integers and doubles as numbers,
 * booleans, timestamps as Dates, lists and maps; blobs stay as sent (base64 text), which the
 * generated `Uint8Array | string` allows. Members the shape does not have are dropped, as AWS ignores
 * a parameter it does not know.
 *
 * The same walk lists every violation of the model's traits (required, length, pattern, enum, range,
 * list and map sizes), depth first in the model's member order, the order AWS reports them in; a
 * value is held to them once it has its type (timestamps, blobs, booleans and doubles carry no
 * constraints in these models). A value of the wrong type is a `TypeError` instead, which
 * `typeErrorFor` words per service (validate-request.ts puts the violations first).
 */
import { AwsError, validationError } from '../errors.js';
import type { ServiceView } from './lookup.js';
import type { ProtocolReader } from './reader.js';
import type { Shape } from './shapes.js';
import { accessAnalyzerValidation, queryPath, sesV2Path, pinpointPath, type Wording } from './wording.js';
import { wholeMatch } from './patterns.js';
import { quoted, type PathSegment, type Violation } from './violations.js';

/** Deeper than any input of the vendored models; bounds the work a crafted body can cause. */
const MAX_DEPTH = 32;

export type ScalarType = 'integer' | 'number' | 'boolean' | 'timestamp' | 'string' | 'list';

export interface TypeError {
  path: PathSegment[];
  expected: ScalarType;
  value: unknown;
}

export interface DecodedInput {
  value: Record<string, unknown>;
  errors: TypeError[];
  /** The model's constraints the typed values break, in the model's member order, depth first. */
  violations: Violation[];
}

/**
 * Which of the model's constraints the walk holds values to: all, or only `required` (Pinpoint,
 * whose model carries no other constraint it enforces).
 */
export type Constraints = 'all' | 'requiredOnly';

const INTEGER = /^[-+]?\d+$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function integerOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string' && INTEGER.test(v.trim())) return Number(v.trim());
  return undefined;
}

function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && NUMBER.test(v.trim())) return Number(v.trim());
  return undefined;
}

function booleanOf(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return undefined;
}

/** A reader that takes a JSON body's value only in its JSON type (`"5"` is no number there). */
const fromJson =
  <T>(type: 'number' | 'boolean', read: (x: unknown) => T | undefined) =>
  (x: unknown): T | undefined =>
    typeof x === type ? read(x) : undefined;

/** A date and a time at least (`2030-01-01T09:00`, then seconds, fractions, a zone as Date reads them). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const valid = (d: Date): Date | undefined => (Number.isNaN(d.getTime()) ? undefined : d);

/** Epoch seconds: a number, or its text. */
function epochSeconds(v: unknown): Date | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && NUMBER.test(v.trim()) ? Number(v) : NaN;
  return Number.isFinite(n) ? valid(new Date(n * 1000)) : undefined;
}

/**
 * A timestamp in the format its member or shape declares (`timestampFormat`: Pinpoint's
 * `__timestampIso8601` takes only ISO 8601 text, `__timestampUnix` only epoch seconds); without
 * one, ISO 8601 text (awsQuery, headers, query strings) or epoch seconds (restJson1 bodies).
 */
function timestampOf(v: unknown, format: string | undefined): Date | undefined {
  if (v instanceof Date) return v;
  switch (format) {
    case 'iso8601':
      return typeof v === 'string' && ISO_8601.test(v.trim()) ? valid(new Date(v)) : undefined;
    case 'unixTimestamp':
      return epochSeconds(v);
    case 'rfc822':
      return typeof v === 'string' && !NUMBER.test(v.trim()) ? valid(new Date(v)) : undefined;
  }
  return epochSeconds(v) ?? (typeof v === 'string' ? valid(new Date(v)) : undefined);
}

/** An awsQuery list arrives as an array, `''` (empty), or `{1: …, 2: …}` when flattened. */
function itemsOf(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (v === '') return [];
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
      return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, x]) => x);
    }
  }
  return undefined;
}

export function decodeInput(
  view: ServiceView,
  shapeName: string,
  raw: Record<string, unknown>,
  reader: ProtocolReader,
  constraints: Constraints = 'all',
): DecodedInput {
  const errors: TypeError[] = [];
  const violations: Violation[] = [];
  const all = constraints === 'all';

  function structure(name: string, obj: Record<string, unknown>, path: PathSegment[], top: boolean) {
    const out: Record<string, unknown> = {};
    for (const member of view.members(name)) {
      const v = reader.member(obj, member, top);
      const at: PathSegment[] = [...path, { kind: 'member', name: member.name }];
      if (v === undefined || v === null) {
        if (member.required) violations.push({ path: at, rule: { kind: 'required' }, value: undefined });
        continue;
      }
      // Values arrive as text outside a JSON body (awsQuery, labels, query strings, headers): only
      // there is `"5"` a number, `true` text a boolean, and one value of a list a list of one.
      const text = view.protocol === 'query' || (top && member.ref.location !== undefined);
      const typed = any(member.ref.shape, member.shape, v, at, text, member.ref.timestampFormat);
      if (typed !== undefined) out[member.name] = typed;
    }
    return out;
  }

  function scalar<T>(
    v: unknown,
    read: (x: unknown) => T | undefined,
    expected: ScalarType,
    path: PathSegment[],
  ) {
    const typed = read(v);
    if (typed === undefined) errors.push({ path, expected, value: v });
    return typed;
  }

  /** The model's `min`/`max` of a length (text, list, map) or of a number. */
  function bounds(shape: Shape, n: number, value: unknown, path: PathSegment[], of: 'length' | 'value') {
    if (!all) return;
    if (shape.min !== undefined && n < shape.min)
      violations.push({
        path,
        rule: { kind: of === 'length' ? 'minLength' : 'minValue', bound: shape.min },
        value,
      });
    if (shape.max !== undefined && n > shape.max)
      violations.push({
        path,
        rule: { kind: of === 'length' ? 'maxLength' : 'maxValue', bound: shape.max },
        value,
      });
  }

  function text(shape: Shape, v: string, path: PathSegment[]): string {
    bounds(shape, [...v].length, v, path, 'length');
    if (!all) return v;
    if (shape.pattern !== undefined && v.length > 0 && wholeMatch(shape.pattern)?.test(v) === false)
      violations.push({ path, rule: { kind: 'pattern', pattern: shape.pattern }, value: v });
    if (shape.enum && !shape.enum.includes(v))
      violations.push({ path, rule: { kind: 'enum', values: shape.enum }, value: v });
    return v;
  }

  function integer(shape: Shape, v: unknown, path: PathSegment[], asText: boolean): number | undefined {
    const n = scalar(v, asText ? integerOf : fromJson('number', integerOf), 'integer', path);
    if (n !== undefined) bounds(shape, n, n, path, 'value');
    return n;
  }

  function any(
    name: string,
    shape: Shape,
    v: unknown,
    path: PathSegment[],
    asText = view.protocol === 'query',
    timestampFormat?: string,
  ): unknown {
    if (path.length > MAX_DEPTH) return undefined;
    switch (shape.type) {
      case 'structure':
        // awsQuery sends an empty structure as `Name=`; anything else not an object is no structure.
        if (v === '') return {};
        if (!v || typeof v !== 'object' || Array.isArray(v))
          return scalar(v, () => undefined, 'string', path);
        return structure(name, v as Record<string, unknown>, path, false);
      case 'list': {
        const listed = itemsOf(v);
        if (!listed && !asText) return scalar(v, () => undefined, 'list', path);
        // One value where a list is expected is a list of one (text only, above).
        const items = listed ?? [v];
        bounds(shape, items.length, listed ?? items, path, 'length');
        const element = view.shape(shape.member!.shape);
        return items
          .map((item, i) =>
            item === undefined || item === null
              ? undefined
              : any(shape.member!.shape, element, item, [...path, { kind: 'index', index: i }], asText),
          )
          .filter((x) => x !== undefined);
      }
      case 'map': {
        if (v === '') return {};
        if (!v || typeof v !== 'object' || Array.isArray(v))
          return scalar(v, () => undefined, 'string', path);
        const entries = Object.entries(v as Record<string, unknown>);
        bounds(shape, entries.length, v, path, 'length');
        const out: Record<string, unknown> = {};
        const valueShape = view.shape(shape.value!.shape);
        for (const [k, item] of entries) {
          if (item === undefined || item === null) continue;
          out[k] = any(shape.value!.shape, valueShape, item, [...path, { kind: 'key', key: k }], asText);
        }
        return out;
      }
      case 'integer':
      case 'long':
        return integer(shape, v, path, asText);
      case 'double':
      case 'float':
        return scalar(v, asText ? numberOf : fromJson('number', numberOf), 'number', path);
      case 'boolean':
        return scalar(v, asText ? booleanOf : fromJson('boolean', booleanOf), 'boolean', path);
      case 'timestamp':
        return scalar(v, (x) => timestampOf(x, timestampFormat ?? shape.timestampFormat), 'timestamp', path);
      case 'string':
        return typeof v === 'string' ? text(shape, v, path) : scalar(v, () => undefined, 'string', path);
      case 'blob':
        return v;
    }
  }

  return { value: structure(shapeName, raw, [], true), errors, violations };
}

/**
 * A value of the wrong type, in the service's words. Pinpost's own text where AWS's is not
 * published (the awsQuery sentence follows CommonErrors.html's ValidationError form; Pinpoint's
 * follows its "X is required" form).
 */
export function typeErrorFor(wording: Wording, errors: TypeError[]): AwsError {
  const what = (e: TypeError) =>
    e.expected === 'integer' ? 'an integer' : e.expected === 'timestamp' ? 'a timestamp' : `a ${e.expected}`;
  if (wording === 'pinpoint') {
    // Pinpoint names a body member from within the body, as its "X is required" does.
    const e = errors[0];
    const path = e.path.length > 1 ? e.path.slice(1) : e.path;
    return new AwsError({
      code: 'BadRequestException',
      status: 400,
      message: `${pinpointPath(path)} must be ${what(e)}`,
    });
  }
  const pathOf = wording === 'sesv2' ? sesV2Path : queryPath;
  const parts = errors.map(
    (e) =>
      `Value ${quoted(e.value)} at '${pathOf(e.path)}' failed to satisfy constraint: Member must be ${what(e)}`,
  );
  const text = `${parts.length === 1 ? '1 validation error detected' : `${parts.length} validation errors detected`}: ${parts.join('; ')}`;
  if (wording === 'accessanalyzer')
    return accessAnalyzerValidation(
      text,
      'fieldValidationFailed',
      errors.map((e) => ({ name: pathOf(e.path), message: `Member must be ${what(e)}` })),
    );
  return wording === 'sesv2'
    ? new AwsError({ code: 'BadRequestException', status: 400, message: text })
    : validationError(text);
}
