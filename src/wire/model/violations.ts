/**
 * What a request does wrong against its model, protocol-neutral: each violation names the member's
 * path (members, list positions, map keys), the rule broken and the value. The protocol's wording
 * (wording-*.ts) turns them into AWS's error.
 */
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
