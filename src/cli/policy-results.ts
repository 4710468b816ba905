/**
 * Writing `policy simulate --jsonl` results fast: in a batch, most results differ only in the
 * action and resource they name. The JSON of a result is kept as a template per shape (decision,
 * matched statements, missing keys, details — everything but those names), with holes where the
 * action and resource go; a line then costs a few concatenations instead of serializing the whole
 * result. A result of any other form is serialized as usual, so the text is always what
 * JSON.stringify writes.
 */
import type { EvaluationResult, ResourceSpecificResult } from '../iam/policy/simulate.js';

const ACTION = '\u0000pinpost-action\u0000';
const RESOURCE = '\u0000pinpost-resource\u0000';
const Q_ACTION = JSON.stringify(ACTION);
const Q_RESOURCE = JSON.stringify(RESOURCE);

const RESULT_KEYS = new Set([
  'EvalActionName',
  'EvalResourceName',
  'EvalDecision',
  'MatchedStatements',
  'MissingContextValues',
  'OrganizationsDecisionDetail',
  'PermissionsBoundaryDecisionDetail',
  'EvalDecisionDetails',
  'ResourceSpecificResults',
]);
const SPECIFIC_KEYS = new Set([
  'EvalResourceName',
  'EvalResourceDecision',
  'MatchedStatements',
  'MissingContextValues',
  'EvalDecisionDetails',
  'PermissionsBoundaryDecisionDetail',
]);

/** Templates kept at most. */
const MAX_TEMPLATES = 4096;

interface Template {
  /** Text between holes; `holes[i]` goes between `parts[i]` and `parts[i + 1]`. */
  parts: string[];
  holes: ('action' | 'resource')[];
}

export class ResultWriter {
  private readonly templates = new Map<string, Template>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;

  private id(o: object): number {
    let id = this.ids.get(o);
    if (id === undefined) this.ids.set(o, (id = this.nextId++));
    return id;
  }

  /** Everything of a result but its names, as a key; undefined for a form the writer does not know. */
  private shape(r: EvaluationResult): string | undefined {
    for (const k in r) if (!RESULT_KEYS.has(k)) return undefined;
    let key = `${r.EvalDecision}|${this.list(r.MatchedStatements)}|${r.MissingContextValues.join('\u0001')}`;
    key += `|${flag(r.OrganizationsDecisionDetail?.AllowedByOrganizations)}`;
    key += `|${flag(r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary)}|${details(r.EvalDecisionDetails)}`;
    const specific = r.ResourceSpecificResults;
    if (specific === undefined) return key;
    if (specific.length !== 1) return undefined;
    const s: ResourceSpecificResult = specific[0];
    for (const k in s) if (!SPECIFIC_KEYS.has(k)) return undefined;
    if (s.EvalResourceName !== r.EvalResourceName) return undefined;
    key += `|${s.EvalResourceDecision}|${this.list(s.MatchedStatements)}|${s.MissingContextValues.join('\u0001')}`;
    return `${key}|${details(s.EvalDecisionDetails)}|${flag(s.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary)}`;
  }

  private list(items: readonly object[]): string {
    let out = '';
    for (const o of items) out += `${this.id(o)},`;
    return out;
  }

  private template(r: EvaluationResult): Template | undefined {
    const copy: EvaluationResult = { ...r, EvalActionName: ACTION, EvalResourceName: RESOURCE };
    if (r.ResourceSpecificResults)
      copy.ResourceSpecificResults = [{ ...r.ResourceSpecificResults[0], EvalResourceName: RESOURCE }];
    const text = JSON.stringify({ EvaluationResults: [copy] });
    const parts: string[] = [];
    const holes: Template['holes'] = [];
    let from = 0;
    for (;;) {
      const a = text.indexOf(Q_ACTION, from);
      const b = text.indexOf(Q_RESOURCE, from);
      if (a < 0 && b < 0) break;
      const at = a >= 0 && (b < 0 || a < b) ? a : b;
      parts.push(text.slice(from, at));
      holes.push(at === a ? 'action' : 'resource');
      from = at + (at === a ? Q_ACTION.length : Q_RESOURCE.length);
    }
    parts.push(text.slice(from));
    const expected = r.ResourceSpecificResults ? 3 : 2;
    return holes.length === expected ? { parts, holes } : undefined;
  }

  /** The result line's JSON, exactly as JSON.stringify writes it. */
  json(out: { EvaluationResults: EvaluationResult[] }): string {
    const results = out.EvaluationResults;
    const r = results.length === 1 ? results[0] : undefined;
    const key = r && this.shape(r);
    if (r === undefined || key === undefined) return JSON.stringify(out);
    let t = this.templates.get(key);
    if (t === undefined) {
      t = this.template(r);
      if (t === undefined) return JSON.stringify(out);
      if (this.templates.size >= MAX_TEMPLATES) this.templates.clear();
      this.templates.set(key, t);
    }
    const action = JSON.stringify(r.EvalActionName);
    const resource = JSON.stringify(r.EvalResourceName);
    let text = t.parts[0];
    for (let i = 0; i < t.holes.length; i++)
      text += (t.holes[i] === 'action' ? action : resource) + t.parts[i + 1];
    return text;
  }
}

const flag = (b: boolean | undefined) => (b === undefined ? '-' : b ? '1' : '0');

function details(d: Record<string, string> | undefined): string {
  if (d === undefined) return '-';
  let out = '';
  for (const k in d) out += `${k}=${d[k]};`;
  return out;
}
