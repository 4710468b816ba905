/**
 * Where Access Analyzer's ValidatePolicy findings point in the text being edited
 * (API_ValidatePolicyFinding.html, API_Location.html, API_Span.html, API_Position.html: line from
 * 1, column and offset from 0, start inclusive, end exclusive), as the editor's markers: line and
 * column from 1, as editors count. A finding without a span is placed by its path through the JSON
 * (API_PathElement.html: index, key, value or substring), the nearest node that exists.
 */
import { parseTree, type Node } from 'jsonc-parser';

export type Severity = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

export type PathElement =
  { index: number } | { key: string } | { value: string } | { substring: { start: number; length: number } };

export interface SpanPosition {
  line?: number;
  column?: number;
  offset?: number;
}

export interface FindingLocation {
  path?: PathElement[];
  span?: { start?: SpanPosition; end?: SpanPosition };
}

/** The members of a ValidatePolicyFinding the editor shows. */
export interface Finding {
  findingType?: string;
  issueCode?: string;
  findingDetails?: string;
  learnMoreLink?: string;
  locations?: FindingLocation[];
}

/** A place in the text: line and column from 1; end exclusive. */
export interface TextRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface PolicyMarker extends TextRange {
  severity: Severity;
  code: string;
  message: string;
  learnMoreLink?: string;
}

/** Line starts of a text, to turn UTF-16 offsets (as jsonc-parser and the server count) into lines. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Line and column from 1 of an offset from 0 (clamped to the text). */
  positionOf(offset: number): { line: number; column: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - this.starts[lo] + 1 };
  }

  /** Offset from 0 of a line and column from 1 (clamped to the text). */
  offsetOf(line: number, column: number): number {
    const l = Math.max(1, Math.min(line, this.starts.length));
    return Math.min(this.starts[l - 1] + Math.max(0, column - 1), this.text.length);
  }
}

/** A span position as line/column from 1: its line and column when given, else its offset. */
function fromSpan(
  p: SpanPosition | undefined,
  lines: LineIndex,
): { line: number; column: number } | undefined {
  if (!p) return undefined;
  if (typeof p.line === 'number' && p.line >= 1 && typeof p.column === 'number' && p.column >= 0)
    return { line: Math.min(p.line, lines.lineCount), column: p.column + 1 };
  if (typeof p.offset === 'number' && p.offset >= 0) return lines.positionOf(p.offset);
  return undefined;
}

function stepInto(node: Node, step: PathElement): Node | undefined {
  if ('index' in step) {
    if (node.type === 'array') return node.children?.[step.index];
    // A single value written without brackets ("Action": "s3:*") is element 0.
    return step.index === 0 ? node : undefined;
  }
  if ('substring' in step) return undefined;
  if (node.type !== 'object') return undefined;
  const name = 'key' in step ? step.key : step.value;
  const property = [...(node.children ?? [])].reverse().find((p) => p.children?.[0]?.value === name);
  if (!property) return undefined;
  return 'key' in step ? property.children?.[0] : property.children?.[1];
}

/** The range of the node a path ends at; the nearest node found when a step is missing. */
export function rangeOfPath(
  text: string,
  path: readonly PathElement[],
  lines = new LineIndex(text),
): TextRange {
  let node = parseTree(text, [], { allowTrailingComma: true });
  if (!node) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  let start = node.offset;
  let end = node.offset + node.length;
  for (const step of path) {
    if ('substring' in step && node.type === 'string') {
      // The substring counts characters of the string's value, after its opening quote.
      start = node.offset + 1 + step.substring.start;
      end = start + step.substring.length;
      break;
    }
    const next = stepInto(node, step);
    if (!next) break;
    node = next;
    start = node.offset;
    end = node.offset + node.length;
  }
  const a = lines.positionOf(start);
  const b = lines.positionOf(end);
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

/** A location's range: its span when it has one, else its path; the first line when it has neither. */
export function rangeOfLocation(
  text: string,
  location: FindingLocation,
  lines = new LineIndex(text),
): TextRange {
  const a = fromSpan(location.span?.start, lines);
  if (a) {
    const b = fromSpan(location.span?.end, lines) ?? a;
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
  if (location.path?.length) return rangeOfPath(text, location.path, lines);
  return { line: 1, column: 1, endLine: 1, endColumn: 1 };
}

const SEVERITIES: readonly Severity[] = ['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION'];

function severityOf(findingType: string | undefined): Severity {
  return SEVERITIES.find((s) => s === findingType) ?? 'ERROR';
}

/** One marker per finding location (a finding with none is marked on line 1), ordered by place. */
export function findingMarkers(text: string, findings: readonly Finding[]): PolicyMarker[] {
  const lines = new LineIndex(text);
  const out: PolicyMarker[] = [];
  for (const f of findings) {
    const base = {
      severity: severityOf(f.findingType),
      code: f.issueCode ?? '',
      message: f.findingDetails ?? '',
      ...(f.learnMoreLink ? { learnMoreLink: f.learnMoreLink } : {}),
    };
    const locations = f.locations?.length ? f.locations : [{}];
    for (const l of locations) out.push({ ...base, ...rangeOfLocation(text, l, lines) });
  }
  return out.sort((x, y) => x.line - y.line || x.column - y.column);
}

/** The markers on each line, for an editor's gutter: line → markers, most severe first. */
export function markersByLine(markers: readonly PolicyMarker[]): Map<number, PolicyMarker[]> {
  const byLine = new Map<number, PolicyMarker[]>();
  for (const m of markers) {
    const list = byLine.get(m.line) ?? [];
    list.push(m);
    byLine.set(m.line, list);
  }
  for (const list of byLine.values())
    list.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  return byLine;
}
