/**
 * An endpoints CSV file read in the browser into UpdateEndpointsBatch items, with the column rules
 * Pinpost's import jobs use (src/services/pinpoint/segments/import-rows.ts, from
 * userguide/segments-importing.html "Segment files" and "Supported attributes"): the first line is
 * the header; `Id`, `Address`, `ChannelType`, `EffectiveDate`, `OptOut`, `RequestId` name top-level
 * fields; dots nest (`Location.Country`, `Demographic.Platform`, `User.UserId`,
 * `User.UserAttributes.FirstName`, `Attributes.x`, `Metrics.x`); a repeated header gives an attribute
 * several values; an empty cell sets nothing. A batch holds at most 100 items
 * (EndpointBatchRequest.Item: "An array can contain a maximum of 100 items").
 */
import { parseCsvLine } from '../../../../src/services/pinpoint/segments/csv.js';

export type EndpointItem = Record<string, unknown> & { Id: string };

export interface CsvProblem {
  line: number;
  message: string;
}

export interface CsvEndpoints {
  items: EndpointItem[];
  problems: CsvProblem[];
}

export const BATCH_LIMIT = 100;

const TOP_LEVEL = ['Id', 'Address', 'ChannelType', 'EffectiveDate', 'OptOut', 'RequestId'];
const NUMERIC_LOCATION = ['Latitude', 'Longitude'];

type Column = (item: Record<string, unknown>, value: string) => void;

function child(target: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = target[key];
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  const fresh: Record<string, unknown> = {};
  target[key] = fresh;
  return fresh;
}

function push(map: Record<string, unknown>, name: string, value: string): void {
  const list = map[name];
  if (Array.isArray(list)) list.push(value);
  else map[name] = [value];
}

class CellError extends Error {}

function numberOf(value: string, column: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new CellError(`The value in column ${column} must be a number`);
  return n;
}

/** How a header writes its cell, or undefined for a header Pinpoint does not support. */
export function columnFor(header: string, column: number): Column | undefined {
  if (TOP_LEVEL.includes(header)) return (t, v) => void (t[header] = v);
  const dot = header.indexOf('.');
  if (dot < 0) return undefined;
  const group = header.slice(0, dot);
  const rest = header.slice(dot + 1);
  if (rest === '') return undefined;
  if (group === 'Demographic') return (t, v) => void (child(t, group)[rest] = v);
  if (group === 'Location')
    return (t, v) => void (child(t, group)[rest] = NUMERIC_LOCATION.includes(rest) ? numberOf(v, column) : v);
  if (group === 'Attributes') return (t, v) => push(child(t, 'Attributes'), rest, v);
  if (group === 'Metrics') return (t, v) => void (child(t, 'Metrics')[rest] = numberOf(v, column));
  if (header === 'User.UserId') return (t, v) => void (child(t, 'User').UserId = v);
  if (group === 'User' && rest.startsWith('UserAttributes.') && rest.length > 'UserAttributes.'.length) {
    const name = rest.slice('UserAttributes.'.length);
    return (t, v) => push(child(child(t, 'User'), 'UserAttributes'), name, v);
  }
  return undefined;
}

/**
 * Reads the file. An unusable header refuses the whole file (thrown); a line that breaks a rule is
 * a problem of its own and the other lines are kept. A line without Id gets `idFor(line)`; it then
 * needs Address and ChannelType, as a new endpoint does.
 */
export function endpointsFromCsv(text: string, idFor: (line: number) => string): CsvEndpoints {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) throw new Error('The file is empty.');
  let headers: string[];
  try {
    headers = parseCsvLine(lines[headerAt]).map((h) => h.trim());
  } catch (e) {
    throw new Error(`Malformed CSV header: ${(e as Error).message}`, { cause: e });
  }
  const columns = headers.map((h, i) => {
    const c = columnFor(h, i + 1);
    if (!c) throw new Error(`Unsupported attribute in the header, column ${i + 1}: \`${h}\``);
    return c;
  });
  const items: EndpointItem[] = [];
  const problems: CsvProblem[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = i + 1;
    if (lines[i].trim() === '') continue;
    try {
      let cells: string[];
      try {
        cells = parseCsvLine(lines[i]);
      } catch (e) {
        throw new CellError(`Malformed CSV: ${(e as Error).message}`);
      }
      if (cells.length > columns.length)
        throw new CellError(`${cells.length} values for ${columns.length} columns`);
      const item: Record<string, unknown> = {};
      cells.forEach((cell, c) => cell !== '' && columns[c](item, cell));
      if (item.Id === undefined && (item.Address === undefined || item.ChannelType === undefined))
        throw new CellError('Address and ChannelType are required for a new endpoint');
      items.push({ ...item, Id: (item.Id as string | undefined) ?? idFor(line) });
    } catch (e) {
      if (!(e instanceof CellError)) throw e;
      problems.push({ line, message: e.message });
    }
  }
  return { items, problems };
}

/** The items in UpdateEndpointsBatch-sized chunks. */
export function batches<T>(items: T[], size = BATCH_LIMIT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
