/**
 * Reading `policy simulate --jsonl` request lines without unescaping the same policy texts line
 * after line. A batch usually repeats its policies verbatim; once a line has been parsed, each of
 * its policy members (PolicyInputList, ResourcePolicy, …) is remembered as the raw JSON it takes
 * when written compactly. When the next line contains that raw text, it is cut out with a native
 * substring search, the short rest is parsed, and the remembered value (the very same strings, so
 * later stages compare them by reference) is put back. A line the shortcut cannot vouch for is
 * parsed whole, so the result is always what JSON.parse gives.
 */

/** Members worth remembering: the policy texts of a SimulateCustomPolicy request. */
const POLICY_MEMBERS = [
  'PolicyInputList',
  'PermissionsBoundaryPolicyInputList',
  'SessionPolicyInputList',
  'ServiceControlPolicyInputList',
  'ResourceControlPolicyInputList',
  'ResourcePolicy',
] as const;

/** A member of the last line seen: its raw JSON and its value. */
interface Remembered {
  name: string;
  raw: string;
  value: unknown;
}

const PLACEHOLDER = 0;

export class RequestLines {
  private remembered: Remembered[] = [];

  /** The line's value, as JSON.parse gives it; throws SyntaxError for a line that is not JSON. */
  parse(line: string): unknown {
    const quick = this.remembered.length > 0 ? this.shortcut(line) : undefined;
    if (quick !== undefined) return quick;
    const value: unknown = JSON.parse(line);
    this.remember(line, value);
    return value;
  }

  private shortcut(line: string): Record<string, unknown> | undefined {
    let rest = line;
    for (const m of this.remembered) {
      const at = rest.indexOf(m.raw);
      // Exactly once: a second copy (a repeated key) is left to JSON.parse's rules.
      if (at < 0 || rest.indexOf(m.raw, at + 1) >= 0) return undefined;
      rest = `${rest.slice(0, at)}"${m.name}":${PLACEHOLDER}${rest.slice(at + m.raw.length)}`;
    }
    let value: unknown;
    try {
      value = JSON.parse(rest);
    } catch {
      return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const out = value as Record<string, unknown>;
    // The raw text must have stood at the top level, as a member of the request itself.
    for (const m of this.remembered) {
      if (!Object.hasOwn(out, m.name) || out[m.name] !== PLACEHOLDER) return undefined;
      out[m.name] = m.value;
    }
    return out;
  }

  private remember(line: string, value: unknown): void {
    this.remembered = [];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const request = value as Record<string, unknown>;
    for (const name of POLICY_MEMBERS) {
      if (!Object.hasOwn(request, name)) continue;
      const raw = `"${name}":${JSON.stringify(request[name])}`;
      // Only a member written compactly, as JSON.stringify writes it, can be found again.
      if (line.includes(raw)) this.remembered.push({ name, raw, value: request[name] });
    }
  }
}
