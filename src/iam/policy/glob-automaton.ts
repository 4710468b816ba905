/**
 * A tokenized glob run as a bit-parallel automaton (Baeza-Yates–Gonnet "Shift-And", with runs):
 * one bit per pattern position, the set of positions reachable after each character of the value
 * held in 32-bit words. Each character costs a few word operations per 32 pattern positions, so a
 * value of n characters against a pattern of m positions costs O(n × ⌈m / 32⌉), whatever the
 * pattern: no backtracking, no pathological case. Literal text before the first wildcard and
 * after the last one is compared directly, so most ARN patterns simulate only a short middle.
 */

/** A pattern position that is one character, compared exactly (after case folding). */
export const CHAR = 0;
/** `?` accepting any one code unit. */
export const ANY_ONE = 1;
/** `?` under ARN segment rules: one code unit other than `:`. */
export const SEGMENT_ONE = 2;
/** `*` accepting any run of code units. */
export const ANY_RUN = 3;
/** `*` inside an ARN segment: a run without `:`. */
export const SEGMENT_RUN = 4;

export const COLON = 58;

export interface Tokens {
  /** One kind per pattern position. */
  kinds: number[];
  /** The character of each CHAR position (case-folded when ignoreCase), 0 for wildcards. */
  codes: number[];
  ignoreCase: boolean;
}

/**
 * The case folding a case-insensitive JavaScript RegExp without the `u` flag applies to each
 * code unit (ECMA-262 Canonicalize): upper case when that is one code unit, and never a
 * non-ASCII character to an ASCII one. Kept so that matching agrees with the former RegExp.
 */
export function foldCase(c: number): number {
  if (c < 128) return c >= 97 && c <= 122 ? c - 32 : c;
  const upper = String.fromCharCode(c).toUpperCase();
  if (upper.length !== 1) return c;
  const u = upper.charCodeAt(0);
  return u < 128 ? c : u;
}

const isRun = (kind: number) => kind === ANY_RUN || kind === SEGMENT_RUN;

/** Whether a position accepts a character: `c` is undefined for one the pattern never names. */
function accepts(kind: number, code: number, c: number | undefined): boolean {
  switch (kind) {
    case CHAR:
      return c !== undefined && code === c;
    case SEGMENT_ONE:
    case SEGMENT_RUN:
      return c !== COLON;
    default:
      return true;
  }
}

/**
 * Adjacent runs collapse to one (`**` is `*`; a segment run next to an unbounded one is the
 * unbounded one), so that skipping a run never needs more than one step.
 */
function collapseRuns(kinds: number[], codes: number[]): { kinds: number[]; codes: number[] } {
  const k: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < kinds.length; i++) {
    const last = k.length - 1;
    if (isRun(kinds[i]) && last >= 0 && isRun(k[last])) {
      if (kinds[i] === ANY_RUN) k[last] = ANY_RUN;
      continue;
    }
    k.push(kinds[i]);
    c.push(codes[i]);
  }
  return { kinds: k, codes: c };
}

/** Compiles tokens holding at least one wildcard to a matcher. */
export function compileTokens(t: Tokens): (value: string) => boolean {
  const { kinds, codes } = collapseRuns(t.kinds, t.codes);
  let head = 0;
  while (kinds[head] === CHAR) head++;
  let tail = kinds.length;
  while (kinds[tail - 1] === CHAR) tail--;
  const prefix = codes.slice(0, head);
  const suffix = codes.slice(tail);
  const fixed = head + suffix.length;
  const fold = t.ignoreCase;
  const literalAt = (value: string, expected: number[], from: number) => {
    for (let i = 0; i < expected.length; i++) {
      const c = value.charCodeAt(from + i);
      if ((fold ? foldCase(c) : c) !== expected[i]) return false;
    }
    return true;
  };
  const middle =
    tail - head === 1 && kinds[head] === ANY_RUN
      ? () => true
      : simulate(kinds.slice(head, tail), codes.slice(head, tail), fold);
  return (value) =>
    value.length >= fixed &&
    literalAt(value, prefix, 0) &&
    literalAt(value, suffix, value.length - suffix.length) &&
    middle(value, head, value.length - suffix.length);
}

/**
 * The automaton of the middle of a pattern. Bit i of the state: the first i positions have
 * matched the characters read so far. On a character of class k, a bit moves one up if its
 * position accepts the character (`step`), and stays if its position is a run accepting it
 * (`stay`); then every run reached may be skipped without reading (`runs`, one shift, runs being
 * collapsed). Bit m set at the end: the whole pattern matched.
 */
function simulate(
  kinds: number[],
  codes: number[],
  fold: boolean,
): (value: string, from: number, to: number) => boolean {
  const m = kinds.length;
  const words = (m >> 5) + 1;
  // Character classes: 0 for characters the pattern never names, 1 for `:`, then one per named
  // character. ASCII classes come from a table, others from a map.
  const ascii = new Int32Array(128);
  const other = new Map<number, number>();
  const representatives: (number | undefined)[] = [undefined, COLON];
  ascii[COLON] = 1;
  for (let i = 0; i < m; i++) {
    if (kinds[i] !== CHAR || codes[i] === COLON) continue;
    const c = codes[i];
    if (c < 128 ? ascii[c] !== 0 : other.has(c)) continue;
    if (c < 128) ascii[c] = representatives.length;
    else other.set(c, representatives.length);
    representatives.push(c);
  }
  const step = new Uint32Array(representatives.length * words);
  const stay = new Uint32Array(representatives.length * words);
  const runs = new Uint32Array(words);
  for (let i = 0; i < m; i++) {
    const word = i >> 5;
    const bit = 1 << (i & 31);
    if (isRun(kinds[i])) runs[word] |= bit;
    representatives.forEach((c, k) => {
      if (!accepts(kinds[i], codes[i], c)) return;
      if (isRun(kinds[i])) stay[k * words + word] |= bit;
      else step[k * words + word] |= bit;
    });
  }
  const classOf = (c: number) => (c < 128 ? ascii[c] : (other.get(c) ?? 0));
  if (words === 1) return simulateOneWord(m, step, stay, runs[0], classOf, fold);
  const acceptWord = m >> 5;
  const acceptBit = 1 << (m & 31);
  // Matching is synchronous and calls nothing back, so two buffers serve every call.
  const buffers = [new Uint32Array(words), new Uint32Array(words)];
  const skipRuns = (s: Uint32Array) => {
    let carry = 0;
    for (let w = 0; w < words; w++) {
      const r = s[w] & runs[w];
      s[w] |= (r << 1) | carry;
      carry = r >>> 31;
    }
  };
  return (value, from, to) => {
    let state = buffers[0];
    let next = buffers[1];
    state.fill(0);
    state[0] = 1;
    skipRuns(state);
    for (let j = from; j < to; j++) {
      let c = value.charCodeAt(j);
      if (fold) c = foldCase(c);
      const base = classOf(c) * words;
      let carry = 0;
      let alive = 0;
      for (let w = 0; w < words; w++) {
        const s = state[w];
        const moved = s & step[base + w];
        const n = (moved << 1) | carry | (s & stay[base + w]);
        next[w] = n;
        alive |= n;
        carry = moved >>> 31;
      }
      if (alive === 0) return false;
      skipRuns(next);
      const done = state;
      state = next;
      next = done;
    }
    return (state[acceptWord] & acceptBit) !== 0;
  };
}

/** The same automaton when its m + 1 bits fit one word (m ≤ 31, most patterns): plain integers. */
function simulateOneWord(
  m: number,
  step: Uint32Array,
  stay: Uint32Array,
  runs: number,
  classOf: (c: number) => number,
  fold: boolean,
): (value: string, from: number, to: number) => boolean {
  const accept = 1 << m;
  // Masks per ASCII character directly, one look-up per character on the common path.
  const stepAscii = new Int32Array(128);
  const stayAscii = new Int32Array(128);
  for (let c = 0; c < 128; c++) {
    stepAscii[c] = step[classOf(c)];
    stayAscii[c] = stay[classOf(c)];
  }
  const start = 1 | ((1 & runs) << 1);
  return (value, from, to) => {
    let s = start;
    for (let j = from; j < to; j++) {
      let c = value.charCodeAt(j);
      if (fold) c = foldCase(c);
      let n: number;
      if (c < 128) n = ((s & stepAscii[c]) << 1) | (s & stayAscii[c]);
      else {
        const k = classOf(c);
        n = ((s & step[k]) << 1) | (s & stay[k]);
      }
      if (n === 0) return false;
      s = n | ((n & runs) << 1);
    }
    return (s & accept) !== 0;
  };
}
