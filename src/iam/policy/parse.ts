/**
 * Stage one of the policy engine: JSON text → the typed PolicyDocument of types.ts, refusing what
 * IAM's grammar refuses (reference_policies_grammar.html) with IAM's own message. Checks that
 * depend on the policy type (principals, resources, versions, sizes) belong to validate.ts.
 *
 * JSON is parsed by Microsoft's jsonc-parser in strict mode (no comments, no trailing commas),
 * which keeps each value's offset, so statements get the positions IAM's simulator reports.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { parseOperator } from './conditions/names.js';
import { SourceLines } from './source-lines.js';
import type { ConditionBlock, PolicyDocument, PrincipalBlock, Statement } from './types.js';
import { LEGACY_PARSING, SYNTAX_ERRORS } from './validate-messages.js';

export type ParseResult =
  | { ok: true; doc: PolicyDocument }
  /** `invalidJson` marks text that is not JSON at all: IAM words that case differently for trust policies. */
  | { ok: false; message: string; invalidJson?: boolean };

/** reference_policies_elements_version.html: the only two versions IAM knows. */
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
/** reference_policies_grammar.html, `<statement>`. Element names are case-sensitive. */
const STATEMENT_ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
/** reference_policies_elements_principal.html: the principal types a Principal block may name. */
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

class PolicyError extends Error {}

export function parsePolicy(text: string): ParseResult {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  if (errors.length > 0 || root === undefined)
    return { ok: false, message: SYNTAX_ERRORS, invalidJson: true };
  try {
    return { ok: true, doc: new DocumentReader(text).read(root) };
  } catch (e) {
    if (e instanceof PolicyError) return { ok: false, message: e.message };
    throw e;
  }
}

function syntax(ok: boolean): asserts ok {
  if (!ok) throw new PolicyError(SYNTAX_ERRORS);
}

/** An object's members by key; a repeated key keeps its last value, as JSON.parse does. */
function members(node: Node): Map<string, Node> {
  syntax(node.type === 'object');
  const out = new Map<string, Node>();
  for (const prop of node.children ?? []) {
    const [key, value] = prop.children ?? [];
    syntax(key !== undefined && value !== undefined);
    out.set(key.value as string, value);
  }
  return out;
}

function stringValue(node: Node): string {
  syntax(node.type === 'string');
  return node.value as string;
}

/** `"x"` or `["x", …]`: the form of Action, NotAction, Resource, NotResource (grammar `<action_string>`). */
function stringList(node: Node): string[] {
  if (node.type === 'string') return [node.value as string];
  syntax(node.type === 'array');
  return (node.children ?? []).map(stringValue);
}

class DocumentReader {
  private readonly lines: SourceLines;
  /** IAM reports a legacy-parser failure only once the grammar holds everywhere. */
  private legacyFailure = false;

  constructor(private readonly text: string) {
    this.lines = new SourceLines(text);
  }

  read(root: Node): PolicyDocument {
    const top = members(root);
    for (const key of top.keys()) syntax(TOP_LEVEL.has(key));
    const doc: PolicyDocument = { statements: [] };
    const version = top.get('Version');
    if (version) {
      doc.version = stringValue(version);
      syntax(VERSIONS.has(doc.version));
    }
    const id = top.get('Id');
    if (id) doc.id = stringValue(id);
    const statement = top.get('Statement');
    syntax(statement !== undefined);
    const nodes = statement.type === 'array' ? (statement.children ?? []) : [statement];
    syntax(nodes.length > 0);
    doc.statements = nodes.map((n, i) => this.statement(n, i));
    if (this.legacyFailure) throw new PolicyError(LEGACY_PARSING);
    return doc;
  }

  private statement(node: Node, index: number): Statement {
    const m = members(node);
    for (const key of m.keys()) syntax(STATEMENT_ELEMENTS.has(key));
    syntax(!(m.has('Action') && m.has('NotAction')));
    syntax(!(m.has('Resource') && m.has('NotResource')));
    syntax(!(m.has('Principal') && m.has('NotPrincipal')));
    const effectNode = m.get('Effect');
    syntax(effectNode !== undefined);
    const effect = this.effect(stringValue(effectNode));
    const s: Statement = {
      index,
      effect,
      start: this.lines.positionOf(node.offset),
      end: this.lines.positionOf(node.offset + node.length - 1),
    };
    const sid = m.get('Sid');
    if (sid) s.sid = stringValue(sid);
    const read = <K extends keyof Statement>(key: string, field: K, f: (n: Node) => Statement[K]) => {
      const n = m.get(key);
      if (n) s[field] = f(n);
    };
    read('Principal', 'principal', (n) => this.principal(n));
    read('NotPrincipal', 'notPrincipal', (n) => this.principal(n));
    read('Action', 'action', stringList);
    read('NotAction', 'notAction', stringList);
    read('Resource', 'resource', stringList);
    read('NotResource', 'notResource', stringList);
    read('Condition', 'condition', (n) => this.condition(n));
    return s;
  }

  /** Effect is case-sensitive; "allow" passes the grammar but fails IAM's legacy parser (hashicorp/terraform#10057). */
  private effect(value: string): 'Allow' | 'Deny' {
    if (value === 'Allow' || value === 'Deny') return value;
    const lower = value.toLowerCase();
    syntax(lower === 'allow' || lower === 'deny');
    this.legacyFailure = true;
    return lower === 'allow' ? 'Allow' : 'Deny';
  }

  private principal(node: Node): PrincipalBlock {
    if (node.type === 'string') {
      syntax(node.value === '*');
      return '*';
    }
    const out: Record<string, string[]> = {};
    for (const [type, value] of members(node)) {
      syntax(PRINCIPAL_TYPES.has(type));
      out[type] = stringList(value);
    }
    return out;
  }

  /** Operator → key → values; numbers and booleans keep the text they were written as. */
  private condition(node: Node): ConditionBlock {
    const out: ConditionBlock = {};
    for (const [operator, keys] of members(node)) {
      // An unknown operator, or a key written where an operator belongs, is a syntax error
      // (aws-cloudformation/cfn-lint#3751 quotes IAM's "Syntax errors in policy." for the latter).
      const parsed = parseOperator(operator);
      syntax(parsed !== undefined);
      const byKey: Record<string, string[]> = {};
      for (const [key, values] of members(keys)) {
        byKey[key] =
          values.type === 'array'
            ? (values.children ?? []).map((v) => this.scalar(v))
            : [this.scalar(values)];
        if (parsed.base.startsWith('Date')) this.checkDates(byKey[key]);
      }
      out[operator] = byKey;
    }
    return out;
  }

  private scalar(node: Node): string {
    if (node.type === 'string') return node.value as string;
    syntax(node.type === 'number' || node.type === 'boolean');
    return this.text.slice(node.offset, node.offset + node.length);
  }

  private checkDates(values: string[]): void {
    if (!values.every(isIamDate)) this.legacyFailure = true;
  }
}

const ISO_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;

/**
 * Date condition values IAM accepts (reference_policies_elements_condition_operators.html, "Date
 * condition operators": W3C ISO 8601 date formats or epoch (UNIX) time). Anything else fails the
 * legacy parser (moto's _legacy_parse_date_condition_value follows the same rule).
 */
function isIamDate(value: string): boolean {
  if (/^\d+$/.test(value)) return BigInt(value) <= 9223372036854775807n;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [, , month, day, hour, minute, second] = m.map((x) => (x === undefined ? undefined : Number(x)));
  return (
    (month === undefined || (month >= 1 && month <= 12)) &&
    (day === undefined || (day >= 1 && day <= 31)) &&
    (hour === undefined || hour <= 23) &&
    (minute === undefined || minute <= 59) &&
    (second === undefined || second <= 59)
  );
}
