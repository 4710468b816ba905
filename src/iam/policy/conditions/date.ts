/**
 * Date operators (reference_policies_elements_condition_operators.html, "Date condition
 * operators"): values are "one of the W3C implementations of the ISO 8601 date formats"
 * (www.w3.org/TR/NOTE-datetime) "or in epoch (UNIX) time"; wildcards and policy variables are not
 * allowed. Dates compare as instants (epoch milliseconds).
 */
import { compileOrdered, type Ordering } from './compare.js';
import type { CompiledValues } from './tri.js';

const ZERO = 48;
const NINE = 57;
const MINUS = 45;
const PLUS = 43;
const COLON = 58;
const DOT = 46;
const T = 84;
const Z = 90;
const LOWER_T = 116;
const LOWER_Z = 122;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `count` decimal digits at `at` as a number, or -1. */
function digits(s: string, at: number, count: number): number {
  if (at + count > s.length) return -1;
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i);
    if (c < ZERO || c > NINE) return -1;
    n = n * 10 + (c - ZERO);
  }
  return n;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** All characters digits, with an optional leading minus: epoch seconds (aws:EpochTime). */
function isEpoch(s: string): boolean {
  if (s.length === 0) return false;
  const start = s.charCodeAt(0) === MINUS ? 1 : 0;
  if (start === s.length) return false;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < ZERO || c > NINE) return false;
  }
  return true;
}

/**
 * Parses a date to epoch milliseconds, NaN when it is not one. Accepted: epoch seconds (all
 * digits, so W3C's year-only form `2020` is read as epoch seconds: the two cannot be told apart
 * and aws:EpochTime values are all digits), and the W3C forms `YYYY-MM`, `YYYY-MM-DD`,
 * `YYYY-MM-DDThh:mm[:ss[.s…]]` followed by `Z`, `±hh:mm`, or nothing (read as UTC, a leniency:
 * W3C requires the zone when a time is given). Also accepted, as parse.ts accepts them when it
 * checks a document's dates: `Thh` alone, `±hh` and `±hhmm` offsets, lower-case `t` and `z`.
 * Written by hand so that testing a request value allocates nothing.
 */
export function parseDate(s: string): number {
  if (isEpoch(s)) return Number(s) * 1000;
  const n = s.length;
  const year = digits(s, 0, 4);
  if (year < 0 || n < 7 || s.charCodeAt(4) !== MINUS) return NaN;
  const month = digits(s, 5, 2);
  if (month < 1 || month > 12) return NaN;
  if (n === 7) return Date.UTC(year, month - 1, 1);
  if (s.charCodeAt(7) !== MINUS) return NaN;
  const day = digits(s, 8, 2);
  const maxDay = month === 2 && isLeap(year) ? 29 : DAYS[month - 1];
  if (day < 1 || day > maxDay) return NaN;
  if (n === 10) return Date.UTC(year, month - 1, day);
  const t = s.charCodeAt(10);
  if (t !== T && t !== LOWER_T) return NaN;
  const hour = digits(s, 11, 2);
  if (hour < 0 || hour > 23) return NaN;
  let i = 13;
  let minute = 0;
  let second = 0;
  let ms = 0;
  // parse.ts (the document parser) also takes an hour alone (`T10Z`); evaluation accepts what it does.
  if (i < n && s.charCodeAt(i) === COLON) {
    minute = digits(s, i + 1, 2);
    if (minute < 0 || minute > 59) return NaN;
    i += 3;
  }
  if (i === 16 && i < n && s.charCodeAt(i) === COLON) {
    second = digits(s, i + 1, 2);
    if (second < 0 || second > 59) return NaN;
    i += 3;
    if (i < n && s.charCodeAt(i) === DOT) {
      i++;
      const start = i;
      let scale = 100;
      while (i < n) {
        const c = s.charCodeAt(i);
        if (c < ZERO || c > NINE) break;
        // Milliseconds are the finest unit an instant holds here; further digits are dropped.
        ms += (c - ZERO) * scale;
        scale /= 10;
        i++;
      }
      if (i === start) return NaN;
      ms = Math.floor(ms);
    }
  }
  let offsetMinutes = 0;
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c === Z || c === LOWER_Z) {
      i++;
    } else if (c === PLUS || c === MINUS) {
      // `±hh:mm` (W3C), and `±hh` / `±hhmm` (ISO 8601), which the document parser accepts too.
      const oh = digits(s, i + 1, 2);
      if (oh < 0 || oh > 23) return NaN;
      i += 3;
      let om = 0;
      if (i < n) {
        if (s.charCodeAt(i) === COLON) i++;
        om = digits(s, i, 2);
        if (om < 0 || om > 59) return NaN;
        i += 2;
      }
      offsetMinutes = (c === PLUS ? 1 : -1) * (oh * 60 + om);
    } else {
      return NaN;
    }
  }
  if (i !== n) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

export function compileDate(values: readonly string[], op: Ordering): CompiledValues {
  return compileOrdered(values, parseDate, op);
}
