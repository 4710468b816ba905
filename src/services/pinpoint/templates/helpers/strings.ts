/**
 * Pinpoint's string helpers (userguide/message-template-helpers.html, "String helpers"), except the
 * date ones (dates.ts). Usage and examples are the guide's; each helper's comment quotes its usage.
 */
import { claimOutput } from '../../../render-limits.js';
import { callOf, count, text, type Helper } from './args.js';

/**
 * Pads `s` to `width` on the left and/or right with `pad` (a space unless given). A width the message
 * cannot hold is refused before the padding is made (`{{rjust "x" 500000000}}`, render-limits.ts).
 */
function padTo(s: string, width: number, pad: string, where: 'left' | 'right' | 'center'): string {
  const fill = pad === '' ? ' ' : pad;
  const missing = Math.max(0, width - s.length);
  claimOutput(s.length + missing);
  const make = (n: number) => fill.repeat(Math.ceil(n / fill.length)).slice(0, n);
  if (where === 'left') return s + make(missing);
  if (where === 'right') return make(missing) + s;
  const before = Math.floor(missing / 2);
  return make(before) + s + make(missing - before);
}

/** The items of a list argument; anything else is one item. */
const items = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

const ORDINAL_SUFFIXES = ['th', 'st', 'nd', 'rd'];

export const stringHelpers: Record<string, Helper> = {
  /** `{{abbreviate value X}}`: at most X characters, the last three of them an ellipsis. */
  abbreviate(...args) {
    const { params } = callOf(args);
    const s = text(params[0]);
    const max = count('abbreviate', params[1]);
    if (s.length <= max) return s;
    if (max < 4) throw new Error(`abbreviate: the width must be at least 4, got ${max}`);
    return s.slice(0, max - 3) + '...';
  },
  /** `{{capitalize value}}`: the first letter of each word between white spaces in upper case. */
  capitalize(...args) {
    const { params, hash } = callOf(args);
    const s = hash.fully === true ? text(params[0]).toLowerCase() : text(params[0]);
    return s.replace(/(^|\s)(\S)/g, (_m, space: string, c: string) => space + c.toUpperCase());
  },
  /** `{{capitalizeFirst value}}` */
  capitalizeFirst(...args) {
    const s = text(callOf(args).params[0]);
    return s.charAt(0).toUpperCase() + s.slice(1);
  },
  /** `{{center value size=X [pad=" "]}}` */
  center(...args) {
    const { params, hash } = callOf(args);
    return padTo(text(params[0]), count('center', hash.size), text(hash.pad ?? ' '), 'center');
  },
  /** `{{cut value [" "]}}`: removes every occurrence of the string (a space when not given). */
  cut(...args) {
    const { params } = callOf(args);
    const what = params.length > 1 ? text(params[1]) : ' ';
    return what === '' ? text(params[0]) : text(params[0]).split(what).join('');
  },
  /** `{{inflect count singular plural [includeCount=false]}}` */
  inflect(...args) {
    const { params, hash } = callOf(args);
    const n = Number(text(params[0]));
    const word = n === 1 ? text(params[1]) : text(params[2]);
    return hash.includeCount === true ? `${text(params[0])} ${word}` : word;
  },
  /**
   * `{{join value " // " [prefix=""] [suffix=""]}}`: the last parameter is the separator; a list
   * parameter contributes each of its items.
   */
  join(...args) {
    const { params, hash } = callOf(args);
    if (params.length < 2) return text(params[0]);
    const separator = text(params[params.length - 1]);
    const parts = params.slice(0, -1).flatMap(items).map(text);
    const length = parts.reduce((n, p) => n + p.length, 0) + separator.length * Math.max(0, parts.length - 1);
    claimOutput(text(hash.prefix).length + length + text(hash.suffix).length);
    return text(hash.prefix) + parts.join(separator) + text(hash.suffix);
  },
  /** `{{ljust value X [pad=" "]}}` */
  ljust(...args) {
    const { params, hash } = callOf(args);
    return padTo(text(params[0]), count('ljust', params[1]), text(hash.pad ?? ' '), 'left');
  },
  /** `{{rjust value X [pad=" "]}}` */
  rjust(...args) {
    const { params, hash } = callOf(args);
    return padTo(text(params[0]), count('rjust', params[1]), text(hash.pad ?? ' '), 'right');
  },
  /** `{{lower value}}` */
  lower: (...args) => text(callOf(args).params[0]).toLowerCase(),
  /** `{{upper value}}` */
  upper: (...args) => text(callOf(args).params[0]).toUpperCase(),
  /** `{{ordinalize [number]}}`: 1st, 2nd, 3rd, 4th, 11th, 22nd… Only numeric values are supported. */
  ordinalize(...args) {
    const v = text(callOf(args).params[0]);
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n)) throw new Error(`ordinalize: '${v}' is not a whole number`);
    const last2 = Math.abs(n) % 100;
    const last = Math.abs(n) % 10;
    const suffix = last2 >= 11 && last2 <= 13 ? 'th' : (ORDINAL_SUFFIXES[last] ?? 'th');
    return `${n}${suffix}`;
  },
  /** `{{replace value target replacement}}`: every occurrence, literally (no wildcards). */
  replace(...args) {
    const { params } = callOf(args);
    const target = text(params[1]);
    if (target === '') return text(params[0]);
    const pieces = text(params[0]).split(target);
    const replacement = text(params[2]);
    claimOutput(pieces.reduce((n, p) => n + p.length, 0) + replacement.length * (pieces.length - 1));
    return pieces.join(replacement);
  },
  /**
   * `{{slugify value}}`: lower case, non-word characters removed, spaces as hyphens, leading and
   * trailing white space removed.
   */
  slugify(...args) {
    return text(callOf(args).params[0])
      .toLowerCase()
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/[\s-]+/g, '-');
  },
  /** `{{stripTags value}}`: removes [X]HTML tags. */
  stripTags: (...args) => text(callOf(args).params[0]).replace(/<\/?[A-Za-z!][^>]*>/g, ''),
  /** `{{substring value startOffset [endOffset]}}` */
  substring(...args) {
    const { params } = callOf(args);
    const s = text(params[0]);
    const start = count('substring', params[1]);
    const end = params.length > 2 ? count('substring', params[2]) : s.length;
    return s.slice(start, end);
  },
  /**
   * `{{yesno value [yes="yes"] [no="no"] [maybe="maybe"]}}`: true, false and null (missing) as
   * yes, no and maybe. Attribute values are text, so "true" and "false" count too.
   */
  yesno(...args) {
    const { params, hash } = callOf(args);
    const v = Array.isArray(params[0]) && params[0].length === 1 ? params[0][0] : params[0];
    const t = text(v).toLowerCase();
    if (v === true || t === 'true') return hash.yes ?? 'yes';
    if (v === false || t === 'false') return hash.no ?? 'no';
    return hash.maybe ?? 'maybe';
  },
};
