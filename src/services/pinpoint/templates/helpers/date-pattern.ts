/**
 * Date patterns as the guide's dateFormat and now helpers take them: the four styles (full, long,
 * medium, short) or a pattern in java.text.SimpleDateFormat's letters (yyyy, MM, dd, EEEE, HH, hh,
 * mm, ss, SSS, a, z, Z, X and 'quoted text'), in a tz database time zone (UTC unless given).
 */

/** A moment's fields on the wall clock of a time zone. */
interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export const DATE_STYLES = ['full', 'long', 'medium', 'short'] as const;
type DateStyle = (typeof DATE_STYLES)[number];

const isStyle = (s: string): s is DateStyle => (DATE_STYLES as readonly string[]).includes(s);

const partsFormat = new Map<string, Intl.DateTimeFormat>();
function wallClock(at: Date, timeZone: string): WallClock {
  let f = partsFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormat.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const utc = Date.UTC(p.year, p.month - 1, p.day);
  return {
    year: p.year,
    month: p.month,
    day: p.day,
    hour: p.hour,
    minute: p.minute,
    second: p.second,
    millisecond: at.getUTCMilliseconds(),
    weekday: new Date(utc).getUTCDay(),
  };
}

/** Minutes east of UTC of `timeZone` at `at`. */
function offsetMinutes(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
  return Math.round((asUtc - at.getTime()) / 60000);
}

function zoneName(at: Date, timeZone: string, long: boolean): string {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: long ? 'long' : 'short' });
  return f.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function offsetText(minutes: number, colon: boolean, hoursOnly = false): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  const hh = pad(Math.floor(m / 60), 2);
  if (hoursOnly) return sign + hh;
  return sign + hh + (colon ? ':' : '') + pad(m % 60, 2);
}

/** Splits a pattern into letter runs and literal text ('' is a quote, 'text' is literal). */
function tokens(pattern: string): { letters?: string; literal?: string }[] {
  const out: { letters?: string; literal?: string }[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out.push({ literal: "'" });
        i += 2;
        continue;
      }
      const end = pattern.indexOf("'", i + 1);
      const stop = end < 0 ? pattern.length : end;
      out.push({ literal: pattern.slice(i + 1, stop) });
      i = stop + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      out.push({ letters: pattern.slice(i, j) });
      i = j;
    } else {
      out.push({ literal: c });
      i++;
    }
  }
  return out;
}

function formatLetters(run: string, w: WallClock, at: Date, timeZone: string): string {
  const n = run.length;
  switch (run[0]) {
    case 'y':
    case 'u':
      return n === 2 ? pad(w.year % 100, 2) : pad(w.year, n);
    case 'M':
    case 'L':
      return n >= 4 ? MONTHS[w.month - 1] : n === 3 ? MONTHS[w.month - 1].slice(0, 3) : pad(w.month, n);
    case 'd':
      return pad(w.day, n);
    case 'E':
      return n >= 4 ? DAYS[w.weekday] : DAYS[w.weekday].slice(0, 3);
    case 'H':
      return pad(w.hour, n);
    case 'k':
      return pad(w.hour === 0 ? 24 : w.hour, n);
    case 'K':
      return pad(w.hour % 12, n);
    case 'h':
      return pad(w.hour % 12 === 0 ? 12 : w.hour % 12, n);
    case 'm':
      return pad(w.minute, n);
    case 's':
      return pad(w.second, n);
    case 'S':
      // Milliseconds as a number, at least as many digits as letters (SimpleDateFormat's 'S').
      return pad(w.millisecond, n);
    case 'a':
      return w.hour < 12 ? 'AM' : 'PM';
    case 'z':
      return zoneName(at, timeZone, n >= 4);
    case 'Z':
      return offsetText(offsetMinutes(at, timeZone), false);
    case 'X': {
      const off = offsetMinutes(at, timeZone);
      return off === 0 ? 'Z' : offsetText(off, n >= 3, n === 1);
    }
    default:
      throw new Error(`Illegal pattern character '${run[0]}'`);
  }
}

/** Formats `at` in `timeZone` with a style name or a SimpleDateFormat pattern. */
export function formatDate(at: Date, format: string, timeZone: string): string {
  if (isStyle(format)) {
    return new Intl.DateTimeFormat('en-US', { dateStyle: format, timeZone }).format(at);
  }
  const w = wallClock(at, timeZone);
  return tokens(format)
    .map((t) => t.literal ?? formatLetters(t.letters!, w, at, timeZone))
    .join('');
}

/** The instant a wall-clock time in `timeZone` names (the earlier one when clocks go back). */
function instantOf(fields: Omit<WallClock, 'weekday'>, timeZone: string): Date {
  const asUtc = Date.UTC(
    fields.year,
    fields.month - 1,
    fields.day,
    fields.hour,
    fields.minute,
    fields.second,
    fields.millisecond,
  );
  let at = new Date(asUtc - offsetMinutes(new Date(asUtc), timeZone) * 60000);
  at = new Date(asUtc - offsetMinutes(at, timeZone) * 60000);
  return at;
}

/**
 * Reads `value` written in `pattern` (SimpleDateFormat letters) as a wall-clock time in
 * `timeZone`; undefined when it does not match.
 */
export function parseDate(value: string, pattern: string, timeZone: string): Date | undefined {
  const f = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 };
  let pm: boolean | undefined;
  let twelveHour = false;
  let rest = value;
  for (const t of tokens(pattern)) {
    if (t.literal !== undefined) {
      if (!rest.startsWith(t.literal)) return undefined;
      rest = rest.slice(t.literal.length);
      continue;
    }
    const run = t.letters!;
    const letter = run[0];
    if (letter === 'M' && run.length >= 3) {
      const i = MONTHS.findIndex((m) =>
        rest.toLowerCase().startsWith((run.length === 3 ? m.slice(0, 3) : m).toLowerCase()),
      );
      if (i < 0) return undefined;
      f.month = i + 1;
      rest = rest.slice(run.length === 3 ? 3 : MONTHS[i].length);
      continue;
    }
    if (letter === 'E') {
      const m = /^[A-Za-z]+/.exec(rest);
      if (!m) return undefined;
      rest = rest.slice(m[0].length);
      continue;
    }
    if (letter === 'a') {
      const m = /^(AM|PM)/i.exec(rest);
      if (!m) return undefined;
      pm = m[1].toUpperCase() === 'PM';
      rest = rest.slice(2);
      continue;
    }
    // A numeric field takes all the digits there are, so fields need a separator between them.
    const m = /^\d+/.exec(rest);
    if (!m) return undefined;
    const digits = m[0];
    const n = Number(digits);
    rest = rest.slice(digits.length);
    if (letter === 'y' || letter === 'u') f.year = digits.length <= 2 && run.length === 2 ? 2000 + n : n;
    else if (letter === 'M') f.month = n;
    else if (letter === 'd') f.day = n;
    else if (letter === 'H' || letter === 'k') f.hour = n % 24;
    else if (letter === 'h' || letter === 'K') {
      f.hour = n % 12;
      twelveHour = true;
    } else if (letter === 'm') f.minute = n;
    else if (letter === 's') f.second = n;
    else if (letter === 'S') f.millisecond = n;
    else return undefined;
  }
  if (rest !== '') return undefined;
  if (twelveHour && pm) f.hour += 12;
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31 || f.minute > 59 || f.second > 60)
    return undefined;
  return instantOf(f, timeZone);
}
