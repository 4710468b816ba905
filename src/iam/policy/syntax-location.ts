/**
 * Where a policy's syntax error is, for people: IAM answers every grammar fault with the same
 * "Syntax errors in policy." and no position, which leaves a typo (`"Efect"`, `"Alow"`, a
 * trailing comma) to be hunted by eye. The parse stage records the faulty node here as Access
 * Analyzer's Location (path and span, API_Location.html) with a short description. The wire keeps
 * IAM's message alone; the CLI shows the location. Descriptions are Pinpost's own wording.
 */
import { getLocation, printParseErrorCode, type ParseError, type ParseErrorCode } from 'jsonc-parser';
import type { SourceLines } from './source-lines.js';
import type { PathElement, PolicyLocation, SpanPosition } from './types.js';

function position(lines: SourceLines, offset: number): SpanPosition {
  const p = lines.positionOf(offset);
  // SourceLines counts columns from 1 (as IAM's simulator does); Access Analyzer from 0.
  return { line: p.line, column: p.column - 1, offset };
}

export function locationOf(
  lines: SourceLines,
  offset: number,
  length: number,
  path: PathElement[],
  detail: string,
): PolicyLocation {
  return {
    path,
    span: { start: position(lines, offset), end: position(lines, offset + length) },
    detail,
  };
}

/** A piece of policy text named in a description: in backticks, long ones shortened. */
export function quoted(s: string): string {
  return s.length > 60 ? `\`${s.slice(0, 57)}…\`` : `\`${s}\``;
}

/** jsonc-parser's error codes in words. */
const JSON_ERRORS: Partial<Record<string, string>> = {
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a member name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a `:` was expected',
  CommaExpected: 'a `,` was expected',
  CloseBraceExpected: 'a `}` was expected',
  CloseBracketExpected: 'a `]` was expected',
  EndOfFileExpected: 'text after the end of the policy',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'a malformed \\u escape',
  InvalidEscapeCharacter: 'a malformed escape sequence',
  InvalidCharacter: 'a control character in a string',
};

function describeJsonError(code: ParseErrorCode): string {
  const name = printParseErrorCode(code);
  return JSON_ERRORS[name] ?? name;
}

/** The path of the value at `offset`, in Access Analyzer's terms (the value of a key, an index). */
function jsonPath(text: string, offset: number): PathElement[] {
  const segments = getLocation(text, offset).path;
  // jsonc-parser ends the path with "" where a member name was expected: not a key yet.
  while (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  return segments.map((s) => (typeof s === 'number' ? { index: s } : { value: s }));
}

/**
 * The first JSON error of a text that is not JSON. A `,` followed by `}` or `]` is named a
 * trailing comma (JSON allows none), spanning the comma.
 */
export function jsonErrorLocation(text: string, lines: SourceLines, error: ParseError): PolicyLocation {
  const at = error.offset;
  const closer = text[at];
  if (closer === '}' || closer === ']') {
    let before = at - 1;
    while (before >= 0 && /\s/.test(text[before])) before--;
    if (text[before] === ',') {
      return locationOf(lines, before, 1, jsonPath(text, before), `trailing comma before \`${closer}\``);
    }
  }
  // An empty text or one cut short: the span stays within the text.
  const length = Math.min(Math.max(error.length, 1), text.length - at);
  if (printParseErrorCode(error.error) === 'InvalidSymbol') {
    const symbol = text.slice(at, at + length);
    const hint = /^[A-Za-z_]/.test(symbol) ? ' (JSON puts names and strings in double quotes)' : '';
    return locationOf(lines, at, length, jsonPath(text, at), `unexpected ${quoted(symbol)}${hint}`);
  }
  return locationOf(lines, at, length, jsonPath(text, at), describeJsonError(error.error));
}

/** `Statement[0].Effect`: a path as people read it. */
export function pathText(path: readonly PathElement[]): string {
  let out = '';
  for (const e of path) {
    if ('index' in e) out += `[${e.index}]`;
    else out += (out === '' ? '' : '.') + ('key' in e ? e.key : e.value);
  }
  return out;
}

/** The closest of `names` to a misspelt one (at most two edits, case ignored), for a hint. */
export function closest(name: string, names: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of names) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it must reach `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length], limit);
}
