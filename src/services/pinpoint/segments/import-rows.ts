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

function number(value: string, header: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new RowError(`${header} must be a number: ${value}`);
  return n;
}

class RowError extends Error {}

/** How one CSV header writes its cell into an endpoint definition. */
export function csvColumn(header: string): Column {
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
        child(t, group)[rest] = numeric ? number(v, header) : v;
      };
    }
    if (group === 'Attributes') return (t, v) => pushValue(child(t, 'Attributes'), rest, v);
    if (group === 'Metrics') {
      return (t, v) => {
        child(t, 'Metrics')[rest] = number(v, header);
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
  throw new Error(`Unsupported attribute in the header: ${header}`);
}

/** Checks the documented name and value lengths of custom attributes. */
function checkAttributeSizes(fields: Raw): void {
  const maps = [fields.Attributes, (fields.User as Raw | undefined)?.UserAttributes];
  for (const map of maps) {
    for (const [name, values] of Object.entries((map as Raw | undefined) ?? {})) {
      if (name.length > MAX_NAME)
        throw new RowError(`Attribute name longer than ${MAX_NAME} characters: ${name}`);
      for (const v of values as unknown[]) {
        if (typeof v === 'string' && v.length > MAX_VALUE) {
          throw new RowError(`Attribute value longer than ${MAX_VALUE} characters in ${name}`);
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
    const fields = endpointFields(rest);
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

/** The lines of a file, numbered from 1, without a UTF-8 byte order mark and blank lines. */
function* lines(text: string): Generator<[number, string]> {
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < all.length; i++) if (all[i].trim() !== '') yield [i + 1, all[i]];
}

/** Every definition of a CSV file; throws when the header itself cannot be read. */
export function* csvRows(text: string, idFor: (line: number) => string): Generator<ImportRow> {
  const it = lines(text);
  const first = it.next();
  if (first.done) return;
  const headers = parseCsvLine(first.value[1]).map((h) => h.trim());
  const columns = headers.map(csvColumn);
  for (const [n, text] of it) {
    let cells: string[];
    try {
      cells = parseCsvLine(text);
    } catch (e) {
      yield { kind: 'failure', message: `Malformed CSV: ${(e as Error).message}`, line: n };
      continue;
    }
    if (cells.length > columns.length) {
      yield { kind: 'failure', message: `${cells.length} values for ${columns.length} columns`, line: n };
      continue;
    }
    const raw: Raw = {};
    try {
      for (let c = 0; c < cells.length; c++) if (cells[c] !== '') columns[c](raw, cells[c]);
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      yield { kind: 'failure', message: e.message, line: n };
      continue;
    }
    yield definition(raw, n, idFor(n));
  }
}

/** Every definition of a newline-delimited JSON file. */
export function* jsonRows(text: string, idFor: (line: number) => string): Generator<ImportRow> {
  for (const [n, line] of lines(text)) {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      yield { kind: 'failure', message: 'Malformed JSON', line: n };
      continue;
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      yield { kind: 'failure', message: 'An endpoint definition must be a JSON object', line: n };
      continue;
    }
    yield definition(raw as Raw, n, idFor(n));
  }
}
