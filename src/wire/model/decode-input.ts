/**
 * A decoded request as the model types it: the one reading of input for every operation that
 * declares no `parse` of its own (issue 14: "one shared input module replaces the six copies").
 * awsQuery hands strings (numbers, booleans and timestamps as text, an empty list as `''`);
 * restJson1 hands JSON values plus URI labels, query-string members and headers as text. Out come
 * the generated types' values (src/wire/model/types/): members under their model names, integers
 * and doubles as numbers, booleans, timestamps as Dates, lists and maps; blobs stay as sent (base64
 * text), which the generated `Uint8Array | string` allows. Members the shape does not have are
 * dropped, as AWS ignores a parameter it does not know.
 *
 * It runs after the model's constraints were checked (validate-request.ts), so only a value of the
 * wrong type can still be refused here: `typeErrorFor` words it per service.
 */
import { AwsError, validationError } from '../errors.js';
import type { ServiceView } from './lookup.js';
import type { ProtocolReader } from './reader.js';
import type { Shape } from './shapes.js';
import { accessAnalyzerValidation, queryPath, sesV2Path, pinpointPath, type Wording } from './wording.js';
import { quoted, type PathSegment } from './violations.js';

/** Deeper than any input of the vendored models (walk.ts bounds the check the same way). */
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
}

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
): DecodedInput {
  const errors: TypeError[] = [];

  function structure(name: string, obj: Record<string, unknown>, path: PathSegment[], top: boolean) {
    const out: Record<string, unknown> = {};
    for (const member of view.members(name)) {
      const v = reader.member(obj, member, top);
      if (v === undefined || v === null) continue;
      // Values arrive as text outside a JSON body (awsQuery, labels, query strings, headers): only
      // there is `"5"` a number, `true` text a boolean, and one value of a list a list of one.
      const text = view.protocol === 'query' || (top && member.ref.location !== undefined);
      const typed = any(
        member.ref.shape,
        member.shape,
        v,
        [...path, { kind: 'member', name: member.name }],
        text,
        member.ref.timestampFormat,
      );
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

  function any(
    name: string,
    shape: Shape,
    v: unknown,
    path: PathSegment[],
    text = view.protocol === 'query',
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
        const items = itemsOf(v);
        if (!items && !text) return scalar(v, () => undefined, 'list', path);
        if (!items)
          return [
            any(
              shape.member!.shape,
              view.shape(shape.member!.shape),
              v,
              [...path, { kind: 'index', index: 0 }],
              text,
            ),
          ];
        const element = view.shape(shape.member!.shape);
        return items
          .map((item, i) =>
            item === undefined || item === null
              ? undefined
              : any(shape.member!.shape, element, item, [...path, { kind: 'index', index: i }], text),
          )
          .filter((x) => x !== undefined);
      }
      case 'map': {
        if (v === '') return {};
        if (!v || typeof v !== 'object' || Array.isArray(v))
          return scalar(v, () => undefined, 'string', path);
        const out: Record<string, unknown> = {};
        const valueShape = view.shape(shape.value!.shape);
        for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
          if (item === undefined || item === null) continue;
          out[k] = any(shape.value!.shape, valueShape, item, [...path, { kind: 'key', key: k }], text);
        }
        return out;
      }
      case 'integer':
      case 'long':
        return scalar(v, text ? integerOf : fromJson('number', integerOf), 'integer', path);
      case 'double':
      case 'float':
        return scalar(v, text ? numberOf : fromJson('number', numberOf), 'number', path);
      case 'boolean':
        return scalar(v, text ? booleanOf : fromJson('boolean', booleanOf), 'boolean', path);
      case 'timestamp':
        return scalar(v, (x) => timestampOf(x, timestampFormat ?? shape.timestampFormat), 'timestamp', path);
      case 'string':
        return typeof v === 'string' ? v : scalar(v, () => undefined, 'string', path);
      case 'blob':
        return v;
    }
  }

  return { value: structure(shapeName, raw, [], true), errors };
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
