/**
 * A small checker for request documents described as data (the model's shapes: strings, integers,
 * doubles, booleans, enums, lists, maps, structures with required members). It returns the value as
 * written, minus members the shape does not know (restJson1 services ignore unknown members), and
 * throws BadRequestException naming the member's path. AWS documents no texts for these type errors:
 * every message here is Pinpost's own wording. Journey writes hand it a value the model already typed
 * (write-request.ts), whose type checks then pass: there it refuses enum values and what a `custom`
 * reader refuses; UpdateJourneyState's State is an enum too (state-operation.ts).
 */
import { badRequest } from '../errors.js';

export type Shape =
  | { t: 'string'; max?: number }
  | { t: 'integer'; min?: number; max?: number }
  | { t: 'double' }
  | { t: 'boolean' }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'list'; of: Shape }
  | { t: 'map'; of: Shape }
  | { t: 'struct'; members: Record<string, Shape>; required?: readonly string[] }
  /** A member checked by its own reader (SegmentDimensions reuses the segments' reader). */
  | { t: 'custom'; read: (v: unknown, path: string) => unknown };

export const string = (max?: number): Shape => ({ t: 'string', max });
export const integer = (min?: number, max?: number): Shape => ({ t: 'integer', min, max });
export const double: Shape = { t: 'double' };
export const boolean: Shape = { t: 'boolean' };
export const oneOf = (values: readonly string[]): Shape => ({ t: 'enum', values });
export const listOf = (of: Shape): Shape => ({ t: 'list', of });
export const mapOf = (of: Shape): Shape => ({ t: 'map', of });
export const struct = (members: Record<string, Shape>, required: readonly string[] = []): Shape => ({
  t: 'struct',
  members,
  required,
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

function range(path: string, min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${path} must be between ${min} and ${max}`;
  return min !== undefined ? `${path} must be at least ${min}` : `${path} must be at most ${max}`;
}

/**
 * `v` checked against `shape`; `path` names it in errors (`Activities.a1.EMAIL.TemplateName`).
 * null counts as absent, as JSON clients send it for members they leave out.
 */
export function conform(v: unknown, shape: Shape, path: string): unknown {
  switch (shape.t) {
    case 'string':
      if (typeof v !== 'string') throw badRequest(`${path} must be a string`);
      if (shape.max !== undefined && v.length > shape.max)
        throw badRequest(`${path} must be at most ${shape.max} characters`);
      return v;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw badRequest(`${path} must be an integer`);
      if ((shape.min !== undefined && v < shape.min) || (shape.max !== undefined && v > shape.max))
        throw badRequest(range(path, shape.min, shape.max));
      return v;
    case 'double':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw badRequest(`${path} must be a number`);
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw badRequest(`${path} must be a boolean`);
      return v;
    case 'enum':
      if (typeof v !== 'string' || !shape.values.includes(v))
        throw badRequest(`Invalid ${path}: ${String(v)}. Valid values: ${shape.values.join(', ')}`);
      return v;
    case 'list':
      if (!Array.isArray(v)) throw badRequest(`${path} must be a list`);
      return v.map((x, i) => conform(x, shape.of, `${path}[${i}]`));
    case 'map': {
      if (!isObject(v)) throw badRequest(`${path} must be a map`);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = conform(x, shape.of, `${path}.${k}`);
      return out;
    }
    case 'struct': {
      if (!isObject(v)) throw badRequest(`${path} must be an object`);
      const out: Record<string, unknown> = {};
      for (const name of shape.required ?? [])
        if (v[name] === undefined || v[name] === null) throw badRequest(`${join(path, name)} is required`);
      for (const [name, member] of Object.entries(shape.members)) {
        const x = v[name];
        if (x !== undefined && x !== null) out[name] = conform(x, member, join(path, name));
      }
      return out;
    }
    case 'custom':
      return shape.read(v, path);
  }
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);
