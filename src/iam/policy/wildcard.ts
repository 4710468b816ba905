/**
 * Glob matching with IAM's two wildcards: `*` (zero or more characters) and `?` (exactly one).
 * Patterns compile once to a matcher; a pattern without wildcards compiles to a plain comparison,
 * which is the common case on the hot path, and one whose only wildcard is a trailing `*` to a
 * prefix test. Every other pattern runs as a bit-parallel automaton (glob-automaton.ts) that never
 * backtracks: O(n × ⌈m / 32⌉) for a value of n characters and a pattern of m positions. (A
 * backtracking RegExp once took minutes on a policy's `*a*a*a…*c`.)
 */
import {
  ANY_ONE,
  ANY_RUN,
  CHAR,
  COLON,
  compileTokens,
  foldCase,
  SEGMENT_ONE,
  SEGMENT_RUN,
  type Tokens,
} from './glob-automaton.js';

const STAR = 42;
const QUESTION = 63;

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
  return compileTokens(tokenize(parts, ignoreCase, options.arnSegments === true));
}

function tokenize(parts: readonly GlobPart[], ignoreCase: boolean, arnSegments: boolean): Tokens {
  // Flatten to (char, literal) pairs so that `*` at a segment's end can be found across parts.
  const chars: { c: number; literal: boolean }[] = [];
  for (const p of parts) {
    for (let i = 0; i < p.text.length; i++) chars.push({ c: p.text.charCodeAt(i), literal: p.literal });
  }
  const kinds: number[] = [];
  const codes: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    const { c, literal } = chars[i];
    if (literal || (c !== STAR && c !== QUESTION)) {
      kinds.push(CHAR);
      codes.push(ignoreCase ? foldCase(c) : c);
      continue;
    }
    codes.push(0);
    if (c === QUESTION) {
      kinds.push(arnSegments ? SEGMENT_ONE : ANY_ONE);
      continue;
    }
    // Every colon delimits a segment, the resource part's own colons included: the documented
    // rule names "the parts separated by colons" without exempting the resource part.
    const next = chars[i + 1];
    const endsSegment = next === undefined || next.c === COLON;
    kinds.push(arnSegments && !endsSegment ? SEGMENT_RUN : ANY_RUN);
  }
  return { kinds, codes, ignoreCase };
}
