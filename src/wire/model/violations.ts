/**
 * What a request does wrong against its model, protocol-neutral: each violation names the member's
 * path (members, list positions, map keys), the rule broken and the value. The protocol's wording
 * (wording-*.ts) turns them into AWS's error.
 */
import { wholeMatch } from './patterns.js';

export type PathSegment =
  { kind: 'member'; name: string } | { kind: 'index'; index: number } | { kind: 'key'; key: string };

export type Rule =
  | { kind: 'required' }
  | { kind: 'minLength'; bound: number }
  | { kind: 'maxLength'; bound: number }
  | { kind: 'pattern'; pattern: string }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'minValue'; bound: number }
  | { kind: 'maxValue'; bound: number };

export interface Violation {
  path: PathSegment[];
  rule: Rule;
  /** The value as received (undefined for a missing member). */
  value: unknown;
}

/** AWS's constraint text after "failed to satisfy constraint: " (CommonErrors.html, ValidationError). */
export function constraintText(rule: Rule): string {
  switch (rule.kind) {
    case 'required':
      return 'Member must not be null';
    case 'minLength':
      return `Member must have length greater than or equal to ${rule.bound}`;
    case 'maxLength':
      return `Member must have length less than or equal to ${rule.bound}`;
    case 'pattern':
      return `Member must satisfy regular expression pattern: ${rule.pattern}`;
    case 'enum':
      return `Member must satisfy enum value set: [${rule.values.join(', ')}]`;
    case 'minValue':
      return `Member must have value greater than or equal to ${rule.bound}`;
    case 'maxValue':
      return `Member must have value less than or equal to ${rule.bound}`;
  }
}

/** The value as AWS's messages quote it: `null`, `'text'`, a list or structure as JSON. */
export function quoted(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object') return `'${JSON.stringify(value)}'`;
  return `'${String(value)}'`;
}

/**
 * Rules an operation holds a member to beyond its model (OperationSpec.violations): the model's own
 * kinds, checked as the model's walk checks them (decode-input.ts), so wording.ts words them alike.
 */
export interface MemberRules {
  required?: boolean;
  /** Length bounds of a text (in code points) or a list. */
  minLength?: number;
  maxLength?: number;
  /** Matched against the whole text; an empty text is left to the length bounds. */
  pattern?: string;
  enum?: readonly string[];
  /** Value bounds of a number. */
  minValue?: number;
  maxValue?: number;
}

/** `('Template', 'TemplateName')` → the path of that nested member. */
export const memberPath = (...names: string[]): PathSegment[] =>
  names.map((name) => ({ kind: 'member' as const, name }));

/**
 * The violations of one member's value against `rules`, in the order the model's walk reports them
 * (length, pattern, enum; value bounds). A value of another type than the rule's breaks nothing
 * (the model-typed input holds no value of the wrong type).
 */
export function memberViolations(path: PathSegment[], value: unknown, rules: MemberRules): Violation[] {
  if (value === undefined || value === null)
    return rules.required ? [{ path, rule: { kind: 'required' }, value: undefined }] : [];
  const out: Violation[] = [];
  const add = (rule: Rule) => out.push({ path, rule, value });
  if (typeof value === 'string' || Array.isArray(value)) {
    const length = typeof value === 'string' ? [...value].length : value.length;
    if (rules.minLength !== undefined && length < rules.minLength)
      add({ kind: 'minLength', bound: rules.minLength });
    if (rules.maxLength !== undefined && length > rules.maxLength)
      add({ kind: 'maxLength', bound: rules.maxLength });
  }
  if (typeof value === 'string') {
    if (rules.pattern !== undefined && value.length > 0 && wholeMatch(rules.pattern)?.test(value) === false)
      add({ kind: 'pattern', pattern: rules.pattern });
    if (rules.enum && !rules.enum.includes(value)) add({ kind: 'enum', values: rules.enum });
  }
  if (typeof value === 'number') {
    if (rules.minValue !== undefined && value < rules.minValue)
      add({ kind: 'minValue', bound: rules.minValue });
    if (rules.maxValue !== undefined && value > rules.maxValue)
      add({ kind: 'maxValue', bound: rules.maxValue });
  }
  return out;
}
