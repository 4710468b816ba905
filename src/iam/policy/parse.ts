/**
 * Stage one of the policy engine: JSON text → the typed PolicyDocument of types.ts, refusing what
 * IAM's grammar refuses (reference_policies_grammar.html) with IAM's own message. Checks that
 * depend on the policy type (principals, resources, versions, sizes) belong to validate.ts.
 *
 * JSON is parsed by Microsoft's jsonc-parser in strict mode (no comments, no trailing commas),
 * which keeps each value's offset, so statements get the positions IAM's simulator reports.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { BASE_OPERATORS, parseOperator } from './conditions/names.js';
import { SourceLines } from './source-lines.js';
import { closest, jsonErrorLocation, locationOf, quoted } from './syntax-location.js';
import type {
  ConditionBlock,
  PathElement,
  PolicyDocument,
  PolicyLocation,
  PrincipalBlock,
  Statement,
} from './types.js';
import { LEGACY_PARSING, SYNTAX_ERRORS } from './validate-messages.js';
import { checkIssue, DETAILS, type CheckIssue } from './check-catalog.js';

export type ParseResult =
  | { ok: true; doc: PolicyDocument }
  | {
      ok: false;
      message: string;
      /** Marks text that is not JSON at all: IAM words that case differently for trust policies. */
      invalidJson?: boolean;
      /** Where the fault is (Pinpost's own help; IAM's answer carries no location). */
      location?: PolicyLocation;
    };

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

class PolicyError extends Error {
  constructor(
    message: string,
    readonly location?: PolicyLocation,
  ) {
    super(message);
  }
}

export function parsePolicy(text: string): ParseResult {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  if (errors.length > 0 || root === undefined) {
    const lines = new SourceLines(text);
    const first = errors[0] ?? { error: 4 /* ValueExpected */, offset: 0, length: 0 };
    const location = jsonErrorLocation(text, lines, first);
    const { line, column, offset } = location.span.start;
    location.issue = checkIssue('JSON_SYNTAX_ERROR', DETAILS.jsonSyntax(offset, line, column));
    return { ok: false, message: SYNTAX_ERRORS, invalidJson: true, location };
  }
  try {
    return { ok: true, doc: new DocumentReader(text).read(root) };
  } catch (e) {
    if (e instanceof PolicyError) return { ok: false, message: e.message, location: e.location };
    throw e;
  }
}

/** A JSON value being read, with its path from the document's root. */
interface At {
  node: Node;
  path: PathElement[];
}

const JSON_TYPE: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
};

class DocumentReader {
  private readonly lines: SourceLines;
  /** IAM reports a legacy-parser failure only once the grammar holds everywhere; the first one. */
  private legacyFailure: PolicyLocation | undefined;

  constructor(private readonly text: string) {
    this.lines = new SourceLines(text);
  }

  /**
   * Throws IAM's grammar error when `ok` is false, located at `at` (its key, when `key`), with the
   * same fault as Access Analyzer's finding (`issue`).
   */
  private syntax(
    ok: boolean,
    at: At,
    detail: () => string,
    issue: () => CheckIssue,
    key?: { node: Node; name: string },
  ): asserts ok {
    if (ok) return;
    const node = key?.node ?? at.node;
    const path = key ? [...at.path, { key: key.name }] : at.path;
    const location = locationOf(this.lines, node.offset, node.length, path, detail());
    location.issue = issue();
    throw new PolicyError(SYNTAX_ERRORS, location);
  }

  private expectType(at: At, type: 'object' | 'string', what: string): void {
    this.syntax(
      at.node.type === type,
      at,
      () => `${what} must be ${JSON_TYPE[type]}, not ${JSON_TYPE[at.node.type]}`,
      () => dataType(type),
    );
  }

  /** An object's members by key (each with its key node); a repeated key keeps its last value, as JSON.parse does. */
  private members(at: At, what: string): Map<string, { key: Node; at: At }> {
    this.expectType(at, 'object', what);
    const out = new Map<string, { key: Node; at: At }>();
    for (const prop of at.node.children ?? []) {
      const [key, value] = prop.children ?? [];
      this.syntax(
        key !== undefined && value !== undefined,
        { node: prop, path: at.path },
        () => 'a member without a value',
        () => checkIssue('JSON_SYNTAX_ERROR', 'Fix the JSON syntax error.'),
      );
      const name = key.value as string;
      out.set(name, { key, at: { node: value, path: [...at.path, { value: name }] } });
    }
    return out;
  }

  /** Refuses a member whose name is not one of `allowed`, with a hint when it is a near miss. */
  private knownKeys(
    m: Map<string, { key: Node; at: At }>,
    parent: At,
    allowed: Set<string>,
    what: string,
    issue: (name: string) => CheckIssue,
  ): void {
    for (const [name, { key }] of m) {
      this.syntax(
        allowed.has(name),
        parent,
        () => {
          const hint = closest(name, allowed);
          return `unknown ${what} ${quoted(name)}${hint ? ` (did you mean ${quoted(hint)}?)` : `; expected one of ${[...allowed].join(', ')}`}`;
        },
        () => issue(name),
        { node: key, name },
      );
    }
  }

  private stringValue(at: At, what: string): string {
    this.expectType(at, 'string', what);
    return at.node.value as string;
  }

  /** `"x"` or `["x", …]`: the form of Action, NotAction, Resource, NotResource (grammar `<action_string>`). */
  private stringList(at: At, what: string): string[] {
    if (at.node.type === 'string') return [at.node.value as string];
    this.syntax(
      at.node.type === 'array',
      at,
      () => `${what} must be a string or an array of strings, not ${JSON_TYPE[at.node.type]}`,
      () => dataType('array'),
    );
    return (at.node.children ?? []).map((n, i) =>
      this.stringValue({ node: n, path: [...at.path, { index: i }] }, `each ${what}`),
    );
  }

  read(root: Node): PolicyDocument {
    const rootAt: At = { node: root, path: [] };
    const top = this.members(rootAt, 'a policy');
    this.knownKeys(top, rootAt, TOP_LEVEL, 'top-level element', invalidElement);
    const doc: PolicyDocument = { statements: [] };
    const version = top.get('Version');
    if (version) {
      doc.version = this.stringValue(version.at, '`Version`');
      const v = doc.version;
      this.syntax(
        VERSIONS.has(v),
        version.at,
        () => `unknown \`Version\` ${quoted(v)}; use \`2012-10-17\``,
        () => checkIssue('INVALID_VERSION', DETAILS.version(v)),
      );
    }
    const id = top.get('Id');
    if (id) doc.id = this.stringValue(id.at, '`Id`');
    const statement = top.get('Statement');
    this.syntax(statement !== undefined, rootAt, () => 'the policy has no `Statement`', missingStatement);
    const st = statement.at;
    const nodes = st.node.type === 'array' ? (st.node.children ?? []) : [st.node];
    this.syntax(nodes.length > 0, st, () => '`Statement` is empty', missingStatement);
    doc.statements = nodes.map((n, i) =>
      this.statement({ node: n, path: st.node.type === 'array' ? [...st.path, { index: i }] : st.path }, i),
    );
    if (this.legacyFailure) throw new PolicyError(LEGACY_PARSING, this.legacyFailure);
    return doc;
  }

  private statement(at: At, index: number): Statement {
    const m = this.members(at, 'a statement');
    this.knownKeys(m, at, STATEMENT_ELEMENTS, 'statement element', invalidElement);
    for (const [a, b] of [
      ['Action', 'NotAction'],
      ['Resource', 'NotResource'],
      ['Principal', 'NotPrincipal'],
    ]) {
      const second = m.get(b);
      this.syntax(
        !(m.has(a) && second),
        at,
        () => `\`${a}\` and \`${b}\` in one statement`,
        () => checkIssue('UNSUPPORTED_ELEMENT_COMBINATION', DETAILS.combination(a, b)),
        second && { node: second.key, name: b },
      );
    }
    const effect = m.get('Effect');
    this.syntax(
      effect !== undefined,
      at,
      () => 'the statement has no `Effect`',
      () => checkIssue('MISSING_EFFECT', DETAILS.missingEffect),
    );
    const s: Statement = {
      index,
      effect: this.effect(effect.at),
      start: this.lines.positionOf(at.node.offset),
      end: this.lines.positionOf(at.node.offset + at.node.length - 1),
    };
    const sid = m.get('Sid');
    if (sid) s.sid = this.stringValue(sid.at, '`Sid`');
    const read = <K extends keyof Statement>(key: string, field: K, f: (a: At) => Statement[K]) => {
      const member = m.get(key);
      if (member) s[field] = f(member.at);
    };
    read('Principal', 'principal', (a) => this.principal(a));
    read('NotPrincipal', 'notPrincipal', (a) => this.principal(a));
    read('Action', 'action', (a) => this.stringList(a, '`Action`'));
    read('NotAction', 'notAction', (a) => this.stringList(a, '`NotAction`'));
    read('Resource', 'resource', (a) => this.stringList(a, '`Resource`'));
    read('NotResource', 'notResource', (a) => this.stringList(a, '`NotResource`'));
    read('Condition', 'condition', (a) => this.condition(a));
    return s;
  }

  /** Effect is case-sensitive; "allow" passes the grammar but fails IAM's legacy parser (hashicorp/terraform#10057). */
  private effect(at: At): 'Allow' | 'Deny' {
    const value = this.stringValue(at, '`Effect`');
    if (value === 'Allow' || value === 'Deny') return value;
    const lower = value.toLowerCase();
    const invalid = () => checkIssue('INVALID_EFFECT', DETAILS.effect(value));
    this.syntax(
      lower === 'allow' || lower === 'deny',
      at,
      () => {
        const hint = closest(value, ['Allow', 'Deny']);
        return `\`Effect\` must be \`Allow\` or \`Deny\`, not ${quoted(value)}${hint ? ` (did you mean ${quoted(hint)}?)` : ''}`;
      },
      invalid,
    );
    const proper = lower === 'allow' ? 'Allow' : 'Deny';
    this.legacy(at, `\`Effect\` is case-sensitive: write ${quoted(proper)}, not ${quoted(value)}`, invalid());
    return proper;
  }

  private legacy(at: At, detail: string, issue: CheckIssue): void {
    if (this.legacyFailure) return;
    this.legacyFailure = locationOf(this.lines, at.node.offset, at.node.length, at.path, detail);
    this.legacyFailure.issue = issue;
  }

  private principal(at: At): PrincipalBlock {
    if (at.node.type === 'string') {
      this.syntax(
        at.node.value === '*',
        at,
        () => 'a principal must be `"*"` or an object such as `{"AWS": …}`',
        () => checkIssue('INVALID_PRINCIPAL_FORMAT', DETAILS.principalFormat),
      );
      return '*';
    }
    const out: Record<string, string[]> = {};
    const m = this.members(at, 'a principal');
    this.knownKeys(m, at, PRINCIPAL_TYPES, 'principal type', (name) =>
      checkIssue('INVALID_PRINCIPAL_KEY', DETAILS.principalKey(name)),
    );
    for (const [type, member] of m) out[type] = this.stringList(member.at, `\`${type}\``);
    return out;
  }

  /** Operator → key → values; numbers and booleans keep the text they were written as. */
  private condition(at: At): ConditionBlock {
    const out: ConditionBlock = {};
    for (const [operator, { key, at: keysAt }] of this.members(at, '`Condition`')) {
      // An unknown operator, or a key written where an operator belongs, is a syntax error
      // (aws-cloudformation/cfn-lint#3751 quotes IAM's "Syntax errors in policy." for the latter).
      const parsed = parseOperator(operator);
      this.syntax(
        parsed !== undefined,
        at,
        () => {
          const hint = closest(operator, BASE_OPERATORS);
          return `unknown condition operator ${quoted(operator)}${hint ? ` (did you mean ${quoted(hint)}?)` : ''}`;
        },
        () => checkIssue('INVALID_CONDITION_OPERATOR', DETAILS.operator(operator)),
        { node: key, name: operator },
      );
      const byKey: Record<string, string[]> = {};
      for (const [name, { at: valuesAt }] of this.members(keysAt, `the keys of ${quoted(operator)}`)) {
        const values = valuesAt.node;
        byKey[name] =
          values.type === 'array'
            ? (values.children ?? []).map((v, i) =>
                this.scalar({ node: v, path: [...valuesAt.path, { index: i }] }),
              )
            : [this.scalar(valuesAt)];
        if (parsed.base.startsWith('Date')) this.checkDates(valuesAt, byKey[name]);
      }
      out[operator] = byKey;
    }
    return out;
  }

  private scalar(at: At): string {
    if (at.node.type === 'string') return at.node.value as string;
    this.syntax(
      at.node.type === 'number' || at.node.type === 'boolean',
      at,
      () => `a condition value must be a string, a number or a boolean, not ${JSON_TYPE[at.node.type]}`,
      () => dataType('string'),
    );
    return this.text.slice(at.node.offset, at.node.offset + at.node.length);
  }

  private checkDates(at: At, values: string[]): void {
    const bad = values.find((v) => !isIamDate(v));
    if (bad !== undefined)
      this.legacy(
        at,
        `${quoted(bad)} is not a date IAM reads (ISO 8601 or epoch seconds)`,
        checkIssue('TYPE_MISMATCH_DATE', DETAILS.date),
      );
  }
}

/** Access Analyzer's DATA_TYPE_MISMATCH, naming the JSON type expected as its page does ("String"). */
function dataType(type: 'object' | 'string' | 'array'): CheckIssue {
  return checkIssue('DATA_TYPE_MISMATCH', DETAILS.dataType(type[0].toUpperCase() + type.slice(1)));
}

const invalidElement = (name: string): CheckIssue =>
  checkIssue('INVALID_POLICY_ELEMENT', DETAILS.element(name));
const missingStatement = (): CheckIssue => checkIssue('MISSING_STATEMENT', DETAILS.missingStatement);

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
