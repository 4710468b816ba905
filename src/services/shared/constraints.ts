/**
 * Input constraints as the AWS models state them (required, length, pattern, range, enum), checked
 * the way AWS's front end checks them: every violation of a request in one ValidationError,
 * "2 validation errors detected: Value 'a b' at 'roleName' failed to satisfy constraint: Member must
 * satisfy regular expression pattern: [\w+=,.@-]+; Value null at 'policyDocument' failed to satisfy
 * constraint: Member must not be null" (the text AWS's query services send; CommonErrors.html).
 */
import { validationError } from '../../wire/errors.js';

export interface Constraint {
  required?: boolean;
  /** Length bounds for strings and lists. */
  min?: number;
  max?: number;
  /** The model's pattern, as text (the message quotes it) — matched against the whole value. */
  pattern?: string;
  /** Value bounds for integers. */
  minValue?: number;
  maxValue?: number;
  enum?: readonly string[];
}

const compiled = new Map<string, RegExp>();

function fullMatch(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, 'u');
    compiled.set(pattern, re);
  }
  return re;
}

/** The member name as AWS's messages write it: first letter lower-cased (`RoleName` → `roleName`). */
export function memberPath(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function quote(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  return `'${String(value)}'`;
}

/** The violations of one member, as AWS words them (empty when the value is fine). */
export function violations(name: string, value: unknown, c: Constraint): string[] {
  const at = `at '${memberPath(name)}'`;
  if (value === undefined || value === null) {
    return c.required ? [`Value null ${at} failed to satisfy constraint: Member must not be null`] : [];
  }
  const out: string[] = [];
  const fail = (what: string) =>
    out.push(`Value ${quote(value)} ${at} failed to satisfy constraint: Member must ${what}`);
  if (typeof value === 'string' || Array.isArray(value)) {
    const length = typeof value === 'string' ? [...value].length : value.length;
    if (c.min !== undefined && length < c.min) fail(`have length greater than or equal to ${c.min}`);
    if (c.max !== undefined && length > c.max) fail(`have length less than or equal to ${c.max}`);
  }
  if (typeof value === 'string') {
    if (c.pattern !== undefined && value.length > 0 && !fullMatch(c.pattern).test(value)) {
      fail(`satisfy regular expression pattern: ${c.pattern}`);
    }
    if (c.enum && !c.enum.includes(value)) fail(`satisfy enum value set: [${c.enum.join(', ')}]`);
  }
  if (typeof value === 'number') {
    if (c.minValue !== undefined && value < c.minValue)
      fail(`have value greater than or equal to ${c.minValue}`);
    if (c.maxValue !== undefined && value > c.maxValue)
      fail(`have value less than or equal to ${c.maxValue}`);
  }
  return out;
}

/** Checks members against their constraints; throws one ValidationError naming every violation. */
export function checkConstraints(
  members: readonly [name: string, value: unknown, constraint: Constraint][],
): void {
  const all = members.flatMap(([name, value, c]) => violations(name, value, c));
  if (all.length === 0) return;
  const count = all.length === 1 ? '1 validation error detected' : `${all.length} validation errors detected`;
  throw validationError(`${count}: ${all.join('; ')}`);
}
