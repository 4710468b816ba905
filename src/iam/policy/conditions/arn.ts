/**
 * ARN operators (reference_policies_elements_condition_operators.html, "Amazon Resource Name
 * (ARN) condition operators"): "Each of the six colon-delimited components of the ARN is checked
 * separately and each can include multi-character match wildcards (*) or single-character match
 * wildcards (?)"; ArnEquals and ArnLike "behave identically"; matching is case-sensitive. The page's
 * example: `arn:aws:someservice:*:111122223333:finance/*` does not match
 * `arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt` because
 * the first `*` stays inside the region component. The sixth component is everything after the
 * fifth colon (resource parts hold colons themselves). Policy variables are allowed.
 *
 * A request value or a policy value with fewer than six components is not an ARN: a failed
 * comparison (tri.ts), so neither ArnLike nor ArnNotLike matches it.
 */
import { compileGlob, hasWildcard, type GlobPart, type Matcher } from '../wildcard.js';
import { compiledCache, splitValues } from './templates.js';
import { ERROR, NO, YES, type CompiledValues, type Tri, type ValueTest } from './tri.js';

const SEGMENT_COUNT = 6;

/**
 * One component of a pattern: compared exactly, by prefix (the frequent `apps/*` or a lone `*`,
 * tested in place without slicing the value), or by a glob.
 */
interface Segment {
  // One shape for all three kinds keeps property access monomorphic on the hot path.
  kind: typeof EXACT | typeof PREFIX | typeof GLOB;
  text: string;
  match: Matcher | undefined;
}
const EXACT = 0;
const PREFIX = 1;
const GLOB = 2;

function compileSegment(seg: readonly GlobPart[]): Segment {
  if (!hasWildcard(seg)) return { kind: EXACT, text: seg.map((p) => p.text).join(''), match: undefined };
  const last = seg[seg.length - 1];
  const head = seg.slice(0, -1);
  const lastText = last.text.slice(0, -1);
  if (
    !last.literal &&
    last.text.endsWith('*') &&
    !hasWildcard([...head, { text: lastText, literal: false }])
  ) {
    return { kind: PREFIX, text: head.map((p) => p.text).join('') + lastText, match: undefined };
  }
  return { kind: GLOB, text: '', match: compileGlob(seg) };
}

/** Splits pattern parts at the first five colons (in any part, literal or not). */
function splitSegments(parts: readonly GlobPart[]): GlobPart[][] | undefined {
  const segments: GlobPart[][] = [[]];
  for (const p of parts) {
    let text = p.text;
    let colon = segments.length < SEGMENT_COUNT ? text.indexOf(':') : -1;
    while (colon >= 0) {
      segments[segments.length - 1].push({ text: text.slice(0, colon), literal: p.literal });
      segments.push([]);
      text = text.slice(colon + 1);
      colon = segments.length < SEGMENT_COUNT ? text.indexOf(':') : -1;
    }
    segments[segments.length - 1].push({ text, literal: p.literal });
  }
  return segments.length === SEGMENT_COUNT ? segments : undefined;
}

/**
 * A compiled pattern. Most patterns have exact leading components (`arn:aws:ses:us-east-1:1111:`),
 * so those are compared at once (`lastIndexOf(head, 0) === 0`, several times faster than
 * `startsWith` in V8 and allocation-free): WHOLE when every component is exact, HEAD when the
 * resource component is `prefix*` as well, SEGMENTS (exact head, then component by component)
 * otherwise. Exact components hold no colon, so an equal head puts the components in the same places.
 */
interface ArnPattern {
  mode: typeof WHOLE | typeof HEAD | typeof SEGMENTS;
  head: string;
  rest: readonly Segment[];
}
const WHOLE = 0;
const HEAD = 1;
const SEGMENTS = 2;

export function compileArnPattern(parts: readonly GlobPart[]): ArnPattern | undefined {
  const split = splitSegments(parts);
  if (!split) return undefined;
  const segs = split.map(compileSegment);
  let k = 0;
  while (k < SEGMENT_COUNT && segs[k].kind === EXACT) k++;
  const exactHead = segs.slice(0, k).map((seg) => seg.text);
  if (k === SEGMENT_COUNT) return { mode: WHOLE, head: exactHead.join(':'), rest: [] };
  if (k === SEGMENT_COUNT - 1 && segs[k].kind === PREFIX) {
    return { mode: HEAD, head: exactHead.join(':') + ':' + segs[k].text, rest: [] };
  }
  return { mode: SEGMENTS, head: k === 0 ? '' : exactHead.join(':') + ':', rest: segs.slice(k) };
}

/** True when the value has the six components of an ARN (at least five colons). */
function isArn(v: string): boolean {
  let at = 0;
  for (let i = 1; i < SEGMENT_COUNT; i++) {
    const colon = v.indexOf(':', at);
    if (colon < 0) return false;
    at = colon + 1;
  }
  return true;
}

function matches(v: string, pattern: ArnPattern): boolean {
  if (pattern.mode === WHOLE) return v === pattern.head;
  if (v.lastIndexOf(pattern.head, 0) !== 0) return false;
  if (pattern.mode === HEAD) return true;
  const rest = pattern.rest;
  let from = pattern.head.length;
  for (let i = 0; i < rest.length; i++) {
    // The last component runs to the end of the value, colons included.
    const to = i === rest.length - 1 ? v.length : v.indexOf(':', from);
    if (to < 0) return false;
    const seg = rest[i];
    if (seg.kind === EXACT) {
      if (to - from !== seg.text.length || v.lastIndexOf(seg.text, from) !== from) return false;
    } else if (seg.kind === PREFIX) {
      if (to - from < seg.text.length || v.lastIndexOf(seg.text, from) !== from) return false;
    } else if (!seg.match!(v.slice(from, to))) {
      return false;
    }
    from = to + 1;
  }
  return true;
}

/** ArnEquals / ArnLike; ArnNotEquals / ArnNotLike are their negation (set.ts). */
export function compileArn(values: readonly string[], version: string | undefined): CompiledValues {
  const { fixed, dynamic, variables } = splitValues(values, version);
  const compiled = fixed.map(compileArnPattern);
  const patterns = compiled.filter((p): p is ArnPattern => p !== undefined);
  const fixedMiss: Tri = patterns.length === compiled.length ? NO : ERROR;
  const compileDynamic = dynamic.map(() => compiledCache(compileArnPattern));
  const test: ValueTest = (v, keys) => {
    for (let i = 0; i < patterns.length; i++) if (matches(v, patterns[i])) return YES;
    // Only a value that matched nothing needs telling apart: not an ARN is a failed comparison.
    if (!isArn(v)) return ERROR;
    let result = fixedMiss;
    for (let i = 0; i < dynamic.length; i++) {
      const parts = dynamic[i].resolve(keys);
      const pattern = parts === undefined ? undefined : compileDynamic[i](parts);
      if (pattern === undefined) result = ERROR;
      else if (matches(v, pattern)) return YES;
    }
    return result;
  };
  return { test, variables };
}
