/**
 * The matched statements of a simulation (API_Statement.html: SourcePolicyId, SourcePolicyType,
 * StartPosition and EndPosition, API_Position.html: Line and Column from 1, the end at the
 * statement's closing brace) as ranges of lines to highlight in the policy texts the page shows.
 */
import type { MatchedStatement } from './denial-text.js';

export interface Position {
  Line?: number;
  Column?: number;
}

export interface PositionedStatement extends MatchedStatement {
  StartPosition?: Position;
  EndPosition?: Position;
}

/** A policy the page shows: its id and type as the simulation names them, and its text. */
export interface ShownPolicy {
  id: string;
  /** SourcePolicyType as IAM reports it; undefined matches any type. */
  type?: string;
  title: string;
  text: string;
}

export interface Highlight {
  /** Lines from 1, both inclusive. */
  fromLine: number;
  toLine: number;
  /** Columns from 1 of the first line and of the last (inclusive). */
  fromColumn: number;
  toColumn: number;
}

/**
 * A statement of a role's stored trust policy comes back from SimulatePrincipalPolicy with its id
 * (the role's ARN) split at the first colon into type `arn` and id `aws:iam::…` (the server relabels
 * `<type>:<name>` ids, src/services/iam/operations/simulation-operations.ts); joined back here so it
 * is found in the trust policy the page shows.
 */
export function normalizeStatement<T extends PositionedStatement>(s: T): T {
  if (s.SourcePolicyType === 'arn' && /^[\w-]+:iam::\d{12}:role\//.test(s.SourcePolicyId ?? ''))
    return { ...s, SourcePolicyId: `arn:${s.SourcePolicyId}`, SourcePolicyType: 'resource' };
  return s;
}

/** Does a matched statement belong to this shown policy? */
export function belongsTo(s: PositionedStatement, p: ShownPolicy): boolean {
  if (s.SourcePolicyId !== p.id) return false;
  return p.type === undefined || s.SourcePolicyType === undefined || s.SourcePolicyType === p.type;
}

/** The highlights of one policy for a set of matched statements, by line, without repeats. */
export function highlightsFor(p: ShownPolicy, matched: readonly PositionedStatement[]): Highlight[] {
  const lineCount = p.text.split('\n').length;
  const seen = new Set<string>();
  const out: Highlight[] = [];
  for (const raw of matched) {
    const s = normalizeStatement(raw);
    if (!belongsTo(s, p) || !s.StartPosition?.Line) continue;
    const fromLine = Math.min(Math.max(1, s.StartPosition.Line), lineCount);
    const toLine = Math.min(Math.max(fromLine, s.EndPosition?.Line ?? fromLine), lineCount);
    const h = {
      fromLine,
      toLine,
      fromColumn: s.StartPosition.Column ?? 1,
      toColumn: s.EndPosition?.Column ?? 1,
    };
    const key = `${h.fromLine}:${h.fromColumn}-${h.toLine}:${h.toColumn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(h);
  }
  return out.sort((a, b) => a.fromLine - b.fromLine || a.fromColumn - b.fromColumn);
}

/** The set of highlighted lines, for an editor that marks lines. */
export function highlightedLines(highlights: readonly Highlight[]): Set<number> {
  const lines = new Set<number>();
  for (const h of highlights) for (let l = h.fromLine; l <= h.toLine; l++) lines.add(l);
  return lines;
}

/** The text a statement covers: from its start to its end column, inclusive. */
export function statementText(text: string, h: Highlight): string {
  const lines = text.split('\n').slice(h.fromLine - 1, h.toLine);
  if (lines.length === 0) return '';
  if (lines.length === 1) return lines[0].slice(h.fromColumn - 1, h.toColumn);
  lines[0] = lines[0].slice(h.fromColumn - 1);
  lines[lines.length - 1] = lines[lines.length - 1].slice(0, h.toColumn);
  return lines.join('\n');
}
