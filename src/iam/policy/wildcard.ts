/**
 * Glob matching with IAM's two wildcards: `*` (zero or more characters) and `?` (exactly one).
 * Patterns compile once to a matcher; a pattern without wildcards compiles to a plain comparison,
 * which is the common case on the hot path.
 */

/** A piece of a pattern: `literal` text never holds wildcards (it came from `${*}` or a variable). */
export interface GlobPart {
  text: string;
  literal: boolean;
}

export type Matcher = (value: string) => boolean;

export interface GlobOptions {
  /** Compare case-insensitively (actions, StringEqualsIgnoreCase, StringLike does not). */
  ignoreCase?: boolean;
  /**
   * ARN segment rules (Resource, NotResource, ArnLike): a `*` matches across `:` only when it is
   * the last character of its segment; elsewhere `*` and `?` stay within one segment.
   * reference_policies_elements_resource.html ("Including wildcard characters in the resource ARN").
   */
  arnSegments?: boolean;
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

function escapeRegex(s: string): string {
  return s.replace(REGEX_SPECIAL, '\\$&');
}

/** True when the pattern's wildcard parts hold `*` or `?`. */
export function hasWildcard(parts: string | readonly GlobPart[]): boolean {
  if (typeof parts === 'string') return parts.includes('*') || parts.includes('?');
  return parts.some((p) => !p.literal && (p.text.includes('*') || p.text.includes('?')));
}

function toParts(pattern: string | readonly GlobPart[]): readonly GlobPart[] {
  return typeof pattern === 'string' ? [{ text: pattern, literal: false }] : pattern;
}

/** Compiles a pattern to a matcher. */
export function compileGlob(pattern: string | readonly GlobPart[], options: GlobOptions = {}): Matcher {
  const parts = toParts(pattern);
  const ignoreCase = options.ignoreCase === true;
  if (!hasWildcard(parts)) {
    const whole = parts.map((p) => p.text).join('');
    if (ignoreCase) {
      const lower = whole.toLowerCase();
      return (v) => v.length === lower.length && v.toLowerCase() === lower;
    }
    return (v) => v === whole;
  }
  const flat = parts.map((p) => p.text).join('');
  if (flat === '*' && parts.length === 1) return () => true;
  // The most common pattern by far (`arn:…:identity/*`): one `*`, at the end. A trailing `*` ends
  // its segment, so under ARN rules too it matches anything: a prefix test does.
  const last = parts[parts.length - 1];
  if (
    !last.literal &&
    last.text.endsWith('*') &&
    !hasWildcard([...parts.slice(0, -1), { text: last.text.slice(0, -1), literal: false }])
  ) {
    const prefix = flat.slice(0, -1);
    if (ignoreCase) {
      const lower = prefix.toLowerCase();
      return (v) => v.length >= lower.length && v.slice(0, lower.length).toLowerCase() === lower;
    }
    return (v) => v.startsWith(prefix);
  }
  return compileRegexGlob(parts, ignoreCase, options.arnSegments === true);
}

function compileRegexGlob(parts: readonly GlobPart[], ignoreCase: boolean, arnSegments: boolean): Matcher {
  // Flatten to (char, literal) pairs so that `*` at a segment's end can be found across parts.
  const chars: { c: string; literal: boolean }[] = [];
  for (const p of parts) for (const c of p.text) chars.push({ c, literal: p.literal });
  let source = '^';
  for (let i = 0; i < chars.length; i++) {
    const { c, literal } = chars[i];
    if (literal || (c !== '*' && c !== '?')) {
      source += escapeRegex(c);
      continue;
    }
    // Every colon delimits a segment, the resource part's own colons included: the documented rule
    // names "the parts separated by colons" without exempting the resource part.
    if (c === '?') {
      source += arnSegments ? '[^:]' : '[\\s\\S]';
      continue;
    }
    const next = chars[i + 1];
    const endsSegment = next === undefined || next.c === ':';
    source += arnSegments && !endsSegment ? '[^:]*' : '[\\s\\S]*';
  }
  const re = new RegExp(source + '$', ignoreCase ? 'i' : '');
  return (v) => re.test(v);
}
