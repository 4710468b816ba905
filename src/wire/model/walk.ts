/**
 * Walks a decoded request against its input shape and lists every violation of the model's traits
 * (required, length, pattern, enum, range, list and map sizes), depth first in the model's member
 * order, which is the order AWS reports them in. Only members of the expected type are checked (see
 * reader.ts); timestamps, blobs, booleans and doubles carry no constraints in these models.
 */
import type { ServiceView } from './lookup.js';
import type { ProtocolReader } from './reader.js';
import { wholeMatch } from './patterns.js';
import type { Shape } from './shapes.js';
import type { PathSegment, Violation } from './violations.js';

/** Deeper than any input of the vendored models; bounds the work a crafted body can cause. */
const MAX_DEPTH = 32;

export interface WalkOptions {
  /** Check only required members (Pinpoint, whose model carries no other constraint it enforces). */
  requiredOnly?: boolean;
}

export function findViolations(
  view: ServiceView,
  shapeName: string,
  value: Record<string, unknown>,
  reader: ProtocolReader,
  options: WalkOptions = {},
): Violation[] {
  const out: Violation[] = [];

  function structure(name: string, obj: Record<string, unknown>, path: PathSegment[], top: boolean): void {
    if (path.length > MAX_DEPTH) return;
    for (const member of view.members(name)) {
      const v = reader.member(obj, member, top);
      const at: PathSegment[] = [...path, { kind: 'member', name: member.name }];
      if (v === undefined || v === null) {
        if (member.required) out.push({ path: at, rule: { kind: 'required' }, value: undefined });
        continue;
      }
      any(member.ref.shape, member.shape, v, at);
    }
  }

  function any(name: string, shape: Shape, v: unknown, path: PathSegment[]): void {
    switch (shape.type) {
      case 'structure':
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          structure(name, v as Record<string, unknown>, path, false);
        }
        return;
      case 'list': {
        const items = reader.list(v);
        if (!items) return;
        length(shape, items.length, items, path);
        const element = view.shape(shape.member!.shape);
        items.forEach((item, i) => {
          if (item !== undefined && item !== null) {
            any(shape.member!.shape, element, item, [...path, { kind: 'index', index: i }]);
          }
        });
        return;
      }
      case 'map': {
        if (!v || typeof v !== 'object' || Array.isArray(v)) return;
        const entries = Object.entries(v as Record<string, unknown>);
        length(shape, entries.length, v, path);
        const valueShape = view.shape(shape.value!.shape);
        for (const [k, item] of entries) {
          if (item !== undefined && item !== null) {
            any(shape.value!.shape, valueShape, item, [...path, { kind: 'key', key: k }]);
          }
        }
        return;
      }
      case 'string':
        if (typeof v !== 'string') return;
        length(shape, [...v].length, v, path);
        if (options.requiredOnly) return;
        if (shape.pattern !== undefined && v.length > 0 && wholeMatch(shape.pattern)?.test(v) === false) {
          out.push({ path, rule: { kind: 'pattern', pattern: shape.pattern }, value: v });
        }
        if (shape.enum && !shape.enum.includes(v)) {
          out.push({ path, rule: { kind: 'enum', values: shape.enum }, value: v });
        }
        return;
      case 'integer':
      case 'long': {
        if (options.requiredOnly) return;
        const n = reader.number(v);
        if (n === undefined) return;
        if (shape.min !== undefined && n < shape.min)
          out.push({ path, rule: { kind: 'minValue', bound: shape.min }, value: n });
        if (shape.max !== undefined && n > shape.max)
          out.push({ path, rule: { kind: 'maxValue', bound: shape.max }, value: n });
        return;
      }
      default:
        return;
    }
  }

  function length(shape: Shape, n: number, v: unknown, path: PathSegment[]): void {
    if (options.requiredOnly) return;
    if (shape.min !== undefined && n < shape.min)
      out.push({ path, rule: { kind: 'minLength', bound: shape.min }, value: v });
    if (shape.max !== undefined && n > shape.max)
      out.push({ path, rule: { kind: 'maxLength', bound: shape.max }, value: v });
  }

  structure(shapeName, value, [], true);
  return out;
}
