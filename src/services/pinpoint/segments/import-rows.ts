/**
 * Turns the lines of an import file into endpoint definitions (userguide/segments-importing.html,
 * "Segment files" and "Supported attributes"):
 * - CSV: the first line is the header; a header names an endpoint member with dots for nesting
 *   (`Location.Country`, `User.UserAttributes.FirstName`); a repeated header gives an attribute
 *   several values ("For a custom field to have multiple values in CSV, you must replicate the
 *   header and keep one value per header"); an empty cell sets nothing;
 * - JSON: newline-delimited, one endpoint object per line, shaped like an EndpointRequest.
 * A definition without Id is a new endpoint and needs Address and ChannelType; a definition with
 * only User.UserId adds that user's endpoints to the segment. Attribute names are at most 50
 * characters, values at most 100. A line that breaks these rules is a failure of its own; the
 * others are imported.
 *
 * Failures name a line, a column and the rule broken, never the file's text (Pinpost's wording:
 * AWS documents none): a job's Failures must not repeat what was read.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../../wire/errors.js';
import { endpointFields, type EndpointItem } from '../endpoints.js';
import type { Raw } from '../input.js';
import { parseCsvLine } from './csv.js';

export type ImportRow =
  | { kind: 'endpoint'; item: EndpointItem; line: number }
  | { kind: 'user'; userId: string; line: number }
  | { kind: 'failure'; message: string; line: number };

/** A header the file may use, or why it may not (then the whole file is refused). */
type Column = (target: Raw, value: string) => void;

const MAX_NAME = 50;
const MAX_VALUE = 100;

const TOP_LEVEL = ['Address', 'ChannelType', 'EffectiveDate', 'OptOut', 'RequestId'];

function child(target: Raw, key: string): Raw {
  const v = target[key];
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Raw;
  const fresh: Raw = {};
  target[key] = fresh;
  return fresh;
}

function pushValue(map: Raw, name: string, value: string): void {
  const list = map[name];
  if (Array.isArray(list)) list.push(value);
  else map[name] = [value];
}

function number(value: string, column: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new RowError(`The value in column ${column} must be a number`);
  return n;
}

class RowError extends Error {}

/** A header the file cannot be read with: the whole file (piece) fails. */
export class HeaderError extends Error {}

/** How one CSV header (in 1-based `column`) writes its cell into an endpoint definition. */
export function csvColumn(header: string, column: number): Column {
  if (header === 'Id' || TOP_LEVEL.includes(header)) {
    return (t, v) => {
      t[header] = v;
    };
  }
  const dot = header.indexOf('.');
  const group = dot < 0 ? header : header.slice(0, dot);
  const rest = dot < 0 ? '' : header.slice(dot + 1);
  if (rest !== '') {
    if (group === 'Demographic' || group === 'Location') {
      const numeric = group === 'Location' && (rest === 'Latitude' || rest === 'Longitude');
      return (t, v) => {
        child(t, group)[rest] = numeric ? number(v, column) : v;
      };
    }
    if (group === 'Attributes') return (t, v) => pushValue(child(t, 'Attributes'), rest, v);
    if (group === 'Metrics') {
      return (t, v) => {
        child(t, 'Metrics')[rest] = number(v, column);
      };
    }
    if (header === 'User.UserId') {
      return (t, v) => {
        child(t, 'User').UserId = v;
      };
    }
    if (rest.startsWith('UserAttributes.') && group === 'User') {
      const name = rest.slice('UserAttributes.'.length);
      return (t, v) => pushValue(child(child(t, 'User'), 'UserAttributes'), name, v);
    }
  }
  // Pinpost's wording: AWS lists the supported attributes but documents no error text.
  throw new HeaderError(`Unsupported attribute in the header, column ${column}`);
}

/** Checks the documented name and value lengths of custom attributes. */
function checkAttributeSizes(fields: Raw): void {
  const maps = [fields.Attributes, (fields.User as Raw | undefined)?.UserAttributes];
  for (const map of maps) {
    for (const [name, values] of Object.entries((map as Raw | undefined) ?? {})) {
      if (name.length > MAX_NAME)
        throw new RowError(`An attribute name is longer than ${MAX_NAME} characters`);
      for (const v of values as unknown[]) {
        if (typeof v === 'string' && v.length > MAX_VALUE) {
          throw new RowError(`An attribute value is longer than ${MAX_VALUE} characters`);
        }
      }
    }
  }
}

/**
 * The endpoint or user a definition names. `fallbackId` names a new endpoint given without Id:
 * derived from the job and line, so a resumed job writes the same endpoint again, not a second one.
 */
export function definition(raw: Raw, line: number, fallbackId: string): ImportRow {
  try {
    const { Id, ...rest } = raw;
    if (Id !== undefined && (typeof Id !== 'string' || Id === '')) throw new RowError('Id must be a string');
    const fields = endpointFields(rest, { quoteValues: false });
    checkAttributeSizes(fields as Raw);
    const userId = (fields.User as Raw | undefined)?.UserId;
    const addressed = fields.Address !== undefined && fields.ChannelType !== undefined;
    if (Id === undefined && !addressed) {
      const only = Object.keys(fields).length === 1 && typeof userId === 'string' && userId !== '';
      if (only) return { kind: 'user', userId, line };
      throw new RowError('Address and ChannelType are required for a new endpoint');
    }
    return { kind: 'endpoint', item: { id: (Id as string | undefined) ?? fallbackId, fields }, line };
  } catch (e) {
    if (e instanceof RowError || e instanceof AwsError) return { kind: 'failure', message: e.message, line };
    throw e;
  }
}

/** A stable endpoint id for a definition without one. */
export const derivedId = (jobId: string, piece: string, line: number): string =>
  createHash('sha256').update(`${jobId}\n${piece}\n${line}`).digest('hex').slice(0, 32);

/** Reads one line into a row; undefined for a line that is not a record (a CSV header). */
export type RowReader = (line: number, text: string) => ImportRow | undefined;

/** A CSV file's rows: the first line read is its header, which throws HeaderError when unusable. */
export function csvReader(idFor: (line: number) => string): RowReader {
  let columns: Column[] | undefined;
  return (n, text) => {
    if (!columns) {
      let headers: string[];
      try {
        headers = parseCsvLine(text).map((h) => h.trim());
      } catch (e) {
        throw new HeaderError(`Malformed CSV header: ${(e as Error).message}`);
      }
      columns = headers.map((h, i) => csvColumn(h, i + 1));
      return undefined;
    }
    let cells: string[];
    try {
      cells = parseCsvLine(text);
    } catch (e) {
      return { kind: 'failure', message: `Malformed CSV: ${(e as Error).message}`, line: n };
    }
    if (cells.length > columns.length)
      return { kind: 'failure', message: `${cells.length} values for ${columns.length} columns`, line: n };
    const raw: Raw = {};
    try {
      for (let c = 0; c < cells.length; c++) if (cells[c] !== '') columns[c](raw, cells[c]);
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      return { kind: 'failure', message: e.message, line: n };
    }
    return definition(raw, n, idFor(n));
  };
}

/** A newline-delimited JSON file's rows. */
export function jsonReader(idFor: (line: number) => string): RowReader {
  return (n, text) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return { kind: 'failure', message: 'Malformed JSON', line: n };
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      return { kind: 'failure', message: 'An endpoint definition must be a JSON object', line: n };
    return definition(raw as Raw, n, idFor(n));
  };
}
