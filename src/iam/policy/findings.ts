/**
 * One source of findings for a policy, in IAM Access Analyzer's ValidatePolicy shape
 * (API_ValidatePolicyFinding.html: findingType, issueCode, findingDetails, learnMoreLink,
 * locations with path and span), for the `pinpost policy validate|lint` CLI and the
 * `access-analyzer` API alike: the faults IAM refuses (parse.ts and validate.ts, each with the
 * Access Analyzer check that reports it, check-catalog.ts), the quota warnings, and the advice
 * of lint.ts. IAM's own verdict (MalformedPolicyDocument / LimitExceeded) comes along unchanged.
 */
import type { CheckIssue } from './check-catalog.js';
import { checkIssue, DETAILS } from './check-catalog.js';
import { policySize, sizeQuotaFor } from './limits.js';
import { lintPolicy } from './lint.js';
import { parsePolicy } from './parse.js';
import { PolicySpans, type Span } from './spans.js';
import type { PathElement, PolicyDocument, PolicyType } from './types.js';
import { documentFaults, validatePolicy, type ValidateOptions, type ValidationResult } from './validate.js';

export interface FindingLocation {
  path: PathElement[];
  span: Span;
}

export interface PolicyFinding {
  findingType: CheckIssue['findingType'];
  issueCode: string;
  findingDetails: string;
  learnMoreLink: string;
  locations: FindingLocation[];
}

export interface PolicyAnalysis {
  /** IAM's answer for the document as a policy of its type. */
  iam: ValidationResult;
  /** The parsed document, when it parses. */
  doc?: PolicyDocument;
  /** Every finding, ordered by where it is in the text. */
  findings: PolicyFinding[];
}

function finding(
  issue: Omit<CheckIssue, 'issueCode'> & { issueCode: string },
  locations: FindingLocation[],
): PolicyFinding {
  return {
    findingType: issue.findingType,
    issueCode: issue.issueCode,
    findingDetails: issue.findingDetails,
    learnMoreLink: issue.learnMoreLink,
    locations,
  };
}

/** Quota warnings (Access Analyzer reports a size past the quota and goes on checking). */
function sizeFindings(
  text: string,
  type: PolicyType,
  options: ValidateOptions,
  spans: PolicySpans,
): PolicyFinding[] {
  const quota = sizeQuotaFor(type, options.inlineOwner, options.maxTrustPolicySize);
  const size = policySize(text);
  if (!quota || size <= quota.max) return [];
  const issue =
    type === 'trust'
      ? checkIssue('POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA', DETAILS.trustSize)
      : checkIssue('POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', DETAILS.identitySize(size, quota.max));
  return [finding(issue, [{ path: [], span: spans.spanOf([]) }])];
}

/** Analyzes `text` as a policy of `type`: IAM's verdict and every finding, located. */
export function analyzePolicy(text: string, type: PolicyType, options: ValidateOptions = {}): PolicyAnalysis {
  const iam = validatePolicy(text, type, options);
  const spans = new PolicySpans(text);
  const findings = sizeFindings(text, type, options, spans);
  const parsed = parsePolicy(text);
  if (!parsed.ok) {
    const at = parsed.location;
    const issue = at?.issue ?? checkIssue('JSON_SYNTAX_ERROR', 'Fix the JSON syntax error.');
    findings.push(finding(issue, at ? [{ path: at.path, span: at.span }] : []));
    return { iam, findings };
  }
  const doc = parsed.doc;
  const seen = new Set<string>();
  const add = (f: PolicyFinding) => {
    const key = `${f.issueCode}\u0000${JSON.stringify(f.locations.map((l) => l.path))}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(f);
  };
  for (const f of documentFaults(doc, type, options.partition ?? 'aws')) {
    add(finding(f.issue, [{ path: f.path, span: spans.spanOf(f.path) }]));
  }
  for (const f of lintPolicy(doc, type)) {
    const locations = f.locations.map((l) => ({ path: l.path, span: spans.spanOf(l.path) }));
    add(finding(f, locations));
  }
  findings.sort(
    (a, b) => (a.locations[0]?.span.start.offset ?? -1) - (b.locations[0]?.span.start.offset ?? -1),
  );
  return { iam, doc, findings };
}

/** The statement a location is in (0-based), when its path goes through one. */
export function statementOf(path: readonly PathElement[]): number | undefined {
  const [first, second] = path;
  if (!first || !('value' in first) || first.value !== 'Statement') return undefined;
  return second && 'index' in second ? second.index : 0;
}
