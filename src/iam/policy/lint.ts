/**
 * Advice on a valid policy, in the shape of IAM Access Analyzer's ValidatePolicy findings
 * (API_ValidatePolicyFinding.html). Pure and cheap: each check looks at one statement (or the
 * Sids) and needs no list of AWS actions or condition keys. The checks and their texts are in
 * lint-findings.ts.
 */
import { compileGlob } from './wildcard.js';
import { parseOperator } from './conditions/names.js';
import { FINDINGS, type FindingType, type IssueCode } from './lint-findings.js';
import type { PathElement, PolicyDocument, PolicyType, SourcePosition, Statement } from './types.js';

export type { FindingType, IssueCode } from './lint-findings.js';

export type { PathElement } from './types.js';

export interface FindingLocation {
  statementIndex: number;
  sid?: string;
  /** From `Statement` down to the element at fault, as Access Analyzer's Location.path. */
  path: PathElement[];
  /** The statement's first and last character (Access Analyzer gives a span; Pinpost keeps statements). */
  start: SourcePosition;
  end: SourcePosition;
}

export interface Finding {
  findingType: FindingType;
  issueCode: IssueCode;
  findingDetails: string;
  learnMoreLink: string;
  locations: FindingLocation[];
}

/**
 * Keys that tie a service principal to the resource or account it acts for
 * (confused-deputy.html; reference_policies_condition-keys.html for SourceOrgID/SourceOrgPaths).
 */
const SOURCE_KEYS = new Set(['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths']);
/** Operators that compare literally, where `*` and `?` are characters, not wildcards (condition_operators.html). */
const LITERAL_OPERATORS = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'ArnEquals',
  'ArnNotEquals',
]);
const matchesPassRole = (pattern: string) => compileGlob(pattern, { ignoreCase: true })('iam:PassRole');

type Report = (code: IssueCode, s: Statement, path?: PathElement[]) => void;

export function lintPolicy(doc: PolicyDocument, type: PolicyType): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (code, s, path = []) => {
    const spec = FINDINGS[code];
    const location: FindingLocation = {
      statementIndex: s.index,
      path: [{ value: 'Statement' }, { index: s.index }, ...path],
      start: s.start,
      end: s.end,
    };
    if (s.sid !== undefined) location.sid = s.sid;
    findings.push({ issueCode: code, ...spec, locations: [location] });
  };
  if (doc.version === undefined && doc.statements.length > 0) {
    const first = doc.statements[0];
    findings.push({
      issueCode: 'MISSING_VERSION',
      ...FINDINGS.MISSING_VERSION,
      locations: [{ statementIndex: first.index, path: [], start: first.start, end: first.end }],
    });
  }
  checkSids(doc, type, report);
  for (const s of doc.statements) {
    checkStatementShape(s, report);
    checkNotElements(s, report);
    if (type === 'trust') checkTrust(s, report);
    if (type === 'trust' || type === 'resource') checkServicePrincipal(s, report);
    checkPassRole(s, report);
    checkConditions(s, report);
  }
  return findings;
}

function checkSids(doc: PolicyDocument, type: PolicyType, report: Report): void {
  const seen = new Set<string>();
  // Resource policies of other services accept repeated Sids; IAM's own policies do not.
  const code: IssueCode =
    type === 'resource' || type === 'scp' || type === 'rcp'
      ? 'UNIQUE_SIDS_RECOMMENDED'
      : 'UNIQUE_SIDS_REQUIRED';
  for (const s of doc.statements) {
    if (s.sid === undefined) continue;
    if (s.sid === '') report('EMPTY_SID_VALUE', s, [{ value: 'Sid' }]);
    else if (seen.has(s.sid)) report(code, s, [{ value: 'Sid' }]);
    seen.add(s.sid);
  }
}

function checkStatementShape(s: Statement, report: Report): void {
  if ((s.action ?? s.notAction)?.length === 0)
    report('EMPTY_ARRAY_ACTION', s, [{ value: s.action ? 'Action' : 'NotAction' }]);
  if ((s.resource ?? s.notResource)?.length === 0)
    report('EMPTY_ARRAY_RESOURCE', s, [{ value: s.resource ? 'Resource' : 'NotResource' }]);
  if (s.condition && Object.keys(s.condition).length === 0)
    report('EMPTY_OBJECT_CONDITION', s, [{ value: 'Condition' }]);
}

function checkNotElements(s: Statement, report: Report): void {
  if (s.effect !== 'Allow') return;
  if (s.notPrincipal) report('ALLOW_WITH_NOT_PRINCIPAL', s, [{ value: 'NotPrincipal' }]);
  if (s.notAction) report('ALLOW_WITH_NOT_ACTION', s, [{ value: 'NotAction' }]);
  if (s.notResource) report('ALLOW_WITH_NOT_RESOURCE', s, [{ value: 'NotResource' }]);
}

function checkTrust(s: Statement, report: Report): void {
  if (s.notPrincipal) report('ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', s, [{ value: 'NotPrincipal' }]);
  if (s.principal === '*' || (s.principal?.AWS ?? []).includes('*'))
    report('ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', s, [{ value: 'Principal' }]);
  if (s.resource || s.notResource)
    report('ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', s, [
      { value: s.resource ? 'Resource' : 'NotResource' },
    ]);
}

/** A service principal allowed in without a source condition is the confused deputy (confused-deputy.html). */
function checkServicePrincipal(s: Statement, report: Report): void {
  if (s.effect !== 'Allow' || s.principal === undefined || s.principal === '*') return;
  if ((s.principal.Service ?? []).length === 0) return;
  const keys = Object.values(s.condition ?? {}).flatMap((byKey) => Object.keys(byKey));
  if (keys.some((k) => SOURCE_KEYS.has(k.toLowerCase()))) return;
  report('RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL', s, [{ value: 'Principal' }, { value: 'Service' }]);
}

function checkPassRole(s: Statement, report: Report): void {
  if (s.effect !== 'Allow' || !s.action) return;
  const explicit = s.action.some((a) => a.toLowerCase() === 'iam:passrole');
  const viaWildcard = !explicit && s.action.some(matchesPassRole);
  if (!explicit && !viaWildcard) return;
  if (s.notResource) {
    report('PASS_ROLE_WITH_NOT_RESOURCE', s, [{ value: 'NotResource' }]);
    return;
  }
  const starResource = (s.resource ?? []).some((r) => r.includes('*'));
  const scopedToService = Object.values(s.condition ?? {}).some((byKey) =>
    Object.keys(byKey).some((k) => k.toLowerCase() === 'iam:passedtoservice'),
  );
  if (!starResource || scopedToService) return;
  report(explicit ? 'PASS_ROLE_WITH_STAR_IN_RESOURCE' : 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', s, [
    { value: 'Resource' },
  ]);
}

function checkConditions(s: Statement, report: Report): void {
  for (const [operator, byKey] of Object.entries(s.condition ?? {})) {
    const parsed = parseOperator(operator);
    if (!parsed || !LITERAL_OPERATORS.has(parsed.base)) continue;
    for (const [key, values] of Object.entries(byKey)) {
      // `${…}` is a policy variable, not a wildcard (reference_policies_variables.html).
      if (values.some((v) => /[*?]/.test(v.replace(/\$\{[^}]*\}/g, ''))))
        report('WILDCARD_WITHOUT_LIKE_OPERATOR', s, [
          { value: 'Condition' },
          { value: operator },
          { value: key },
        ]);
    }
  }
}
