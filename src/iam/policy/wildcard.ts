/**
 * Glob matching with IAM's two wildcards: `*` (zero or more characters) and `?` (exactly one).
 * Patterns compile once to a matcher; a pattern without wildcards compiles to a plain comparison,
 * which is the common case on the hot path.
 *
 * Matching never backtracks: a value of length n against a pattern of length m costs at most
 * O(n × m) steps (a policy's `*a*a*a…*c` once took minutes as a backtracking RegExp). Patterns
 * whose stars all match any run use the two-pointer greedy matcher; ARN patterns that mix
 * segment-bound and unbounded stars run as a position-set simulation of the pattern's automaton.
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
  const tokens = tokenize(parts, ignoreCase, options.arnSegments === true);
  return tokens.kinds.includes(SEGMENT_RUN) ? positionSetMatcher(tokens) : greedyMatcher(tokens);
}

/** One pattern position: a character, or a wildcard with the class of characters it accepts. */
const CHAR = 0;
/** `?` outside ARN rules (any one code unit). */
const ANY_ONE = 1;
/** `?` under ARN rules (one code unit other than `:`). */
const SEGMENT_ONE = 2;
/** `*` outside ARN rules, or ending its ARN segment (any run). */
const ANY_RUN = 3;
/** `*` inside an ARN segment (a run without `:`). */
const SEGMENT_RUN = 4;

const COLON = 58;

interface Tokens {
  kinds: Uint8Array;
  /** The character of each CHAR position (case-folded when ignoreCase). */
  codes: Uint16Array;
  ignoreCase: boolean;
}

function tokenize(parts: readonly GlobPart[], ignoreCase: boolean, arnSegments: boolean): Tokens {
  // Flatten to (char, literal) pairs so that `*` at a segment's end can be found across parts.
  const chars: { c: number; literal: boolean }[] = [];
  for (const p of parts) {
    for (let i = 0; i < p.text.length; i++) chars.push({ c: p.text.charCodeAt(i), literal: p.literal });
  }
  const kinds = new Uint8Array(chars.length);
  const codes = new Uint16Array(chars.length);
  for (let i = 0; i < chars.length; i++) {
    const { c, literal } = chars[i];
    if (literal || (c !== 42 /* * */ && c !== 63) /* ? */) {
      kinds[i] = CHAR;
      codes[i] = ignoreCase ? foldCase(c) : c;
    } else if (c === 63) {
      kinds[i] = arnSegments ? SEGMENT_ONE : ANY_ONE;
    } else {
      // Every colon delimits a segment, the resource part's own colons included: the documented
      // rule names "the parts separated by colons" without exempting the resource part.
      const next = chars[i + 1];
      const endsSegment = next === undefined || next.c === COLON;
      kinds[i] = arnSegments && !endsSegment ? SEGMENT_RUN : ANY_RUN;
    }
  }
  return { kinds, codes, ignoreCase };
}

/**
 * The case folding a case-insensitive JavaScript RegExp without the `u` flag applies to each
 * code unit (ECMA-262 Canonicalize): upper case when that is one code unit, and never a
 * non-ASCII character to an ASCII one. Kept so that matching agrees with the former RegExp.
 */
function foldCase(c: number): number {
  if (c < 128) return c >= 97 && c <= 122 ? c - 32 : c;
  const upper = String.fromCharCode(c).toUpperCase();
  if (upper.length !== 1) return c;
  const u = upper.charCodeAt(0);
  return u < 128 ? c : u;
}

/** The value's code units, case-folded when the pattern is case-insensitive. */
function codeAt(t: Tokens, value: string, j: number): number {
  const c = value.charCodeAt(j);
  return t.ignoreCase ? foldCase(c) : c;
}

/** True when the pattern position (not a run) accepts the character. */
function acceptsOne(kind: number, expected: number, c: number): boolean {
  if (kind === CHAR) return expected === c;
  if (kind === ANY_ONE) return true;
  return c !== COLON; // SEGMENT_ONE
}

/**
 * Every run accepts any characters, so when the text after a star fails, only the latest star
 * needs to take one more character: earlier stars' choices can be absorbed by the latest one.
 * Each retry moves that star's start right by one, so the work is at most n × m comparisons.
 */
function greedyMatcher(t: Tokens): Matcher {
  const { kinds, codes } = t;
  const m = kinds.length;
  return (value) => {
    const n = value.length;
    let p = 0;
    let j = 0;
    let starP = -1;
    let starJ = 0;
    while (j < n) {
      if (p < m && kinds[p] === ANY_RUN) {
        starP = p++;
        starJ = j;
      } else if (p < m && acceptsOne(kinds[p], codes[p], codeAt(t, value, j))) {
        p++;
        j++;
      } else if (starP >= 0) {
        p = starP + 1;
        j = ++starJ;
      } else {
        return false;
      }
    }
    while (p < m && kinds[p] === ANY_RUN) p++;
    return p === m;
  };
}

/**
 * The pattern as an automaton with one state per position, simulated on every state at once:
 * after each character of the value, the set of positions reachable so far. A run stays on its
 * position (if it accepts the character) and may be skipped without consuming one.
 * n characters × m positions at most, whatever the pattern.
 */
function positionSetMatcher(t: Tokens): Matcher {
  const { kinds, codes } = t;
  const m = kinds.length;
  // Matching is synchronous and calls nothing back, so one pair of buffers serves every call.
  let current = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  const skipRuns = (set: Uint8Array) => {
    for (let i = 0; i < m; i++) {
      if (set[i] === 1 && (kinds[i] === ANY_RUN || kinds[i] === SEGMENT_RUN)) set[i + 1] = 1;
    }
  };
  return (value) => {
    current.fill(0);
    current[0] = 1;
    skipRuns(current);
    for (let j = 0; j < value.length; j++) {
      const c = codeAt(t, value, j);
      next.fill(0);
      let alive = false;
      for (let i = 0; i < m; i++) {
        if (current[i] === 0) continue;
        const kind = kinds[i];
        if (kind === ANY_RUN || (kind === SEGMENT_RUN && c !== COLON)) {
          next[i] = 1;
          alive = true;
        } else if (kind !== SEGMENT_RUN && acceptsOne(kind, codes[i], c)) {
          next[i + 1] = 1;
          alive = true;
        }
      }
      if (!alive) return false;
      skipRuns(next);
      [current, next] = [next, current];
    }
    return current[m] === 1;
  };
}
