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
  if (!options.arnSegments && flat === '*' && parts.length === 1) return () => true;
  return compileRegexGlob(parts, ignoreCase, options.arnSegments === true);
}

function compileRegexGlob(parts: readonly GlobPart[], ignoreCase: boolean, arnSegments: boolean): Matcher {
  // Flatten to (char, literal) pairs so that `*` at a segment's end can be found across parts.
  const chars: { c: string; literal: boolean }[] = [];
  for (const p of parts) for (const c of p.text) chars.push({ c, literal: p.literal });
  let colons = 0;
  let source = '^';
  for (let i = 0; i < chars.length; i++) {
    const { c, literal } = chars[i];
    if (c === ':') colons++;
    if (literal || (c !== '*' && c !== '?')) {
      source += escapeRegex(c);
      continue;
    }
    // Only the first five colons delimit ARN segments; the resource part may hold colons itself.
    const inSegmentedPart = arnSegments && colons < 5;
    if (c === '?') {
      source += inSegmentedPart ? '[^:]' : '[\\s\\S]';
      continue;
    }
    const next = chars[i + 1];
    const endsSegment = next === undefined || next.c === ':';
    source += inSegmentedPart && !endsSegment ? '[^:]*' : '[\\s\\S]*';
  }
  const re = new RegExp(source + '$', ignoreCase ? 'i' : '');
  return (v) => re.test(v);
}
