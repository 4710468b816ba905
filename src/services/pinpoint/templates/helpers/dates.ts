/**
 * Pinpoint's date helpers (userguide/message-template-helpers.html, "String helpers"):
 * `{{dateFormat date [inputFormat="format1"] [outputFormat="format2"] [tz=timeZoneId]}}` and
 * `{{now ["format"] [tz=timeZoneId]}}`, medium when no format is given. The guide names no time
 * zone for when tz is absent; Pinpost uses UTC.
 */
import { callOf, text, type Helper } from './args.js';
import { formatDate, parseDate } from './date-pattern.js';

const DEFAULT_FORMAT = 'medium';
const DEFAULT_ZONE = 'UTC';

function readDate(value: unknown, inputFormat: string | undefined, timeZone: string): Date | undefined {
  if (value instanceof Date) return value;
  const s = text(Array.isArray(value) && value.length === 1 ? value[0] : value).trim();
  if (s === '') return undefined;
  if (inputFormat) return parseDate(s, inputFormat, timeZone);
  if (/^-?\d+$/.test(s)) return new Date(Number(s));
  const at = new Date(s);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

export function dateHelpers(clock: () => Date): Record<string, Helper> {
  return {
    dateFormat(...args) {
      const { params, hash } = callOf(args);
      const timeZone = text(hash.tz) || DEFAULT_ZONE;
      // A missing attribute renders nothing, as any missing variable does.
      if (params[0] === undefined || params[0] === null || text(params[0]) === '') return '';
      const inputFormat = text(hash.inputFormat) || undefined;
      const at = readDate(params[0], inputFormat, timeZone);
      if (!at) {
        const how = inputFormat ? ` with inputFormat "${inputFormat}"` : '';
        throw new Error(`dateFormat: cannot read '${text(params[0])}' as a date${how}`);
      }
      const format = text(hash.outputFormat ?? hash.format ?? params[1]) || DEFAULT_FORMAT;
      return formatDate(at, format, timeZone);
    },
    now(...args) {
      const { params, hash } = callOf(args);
      const format = text(params[0] ?? hash.format) || DEFAULT_FORMAT;
      return formatDate(clock(), format, text(hash.tz) || DEFAULT_ZONE);
    },
  };
}
