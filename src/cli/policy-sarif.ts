/**
 * `--format sarif`: the reports as one SARIF 2.1.0 log (OASIS sarif-v2.1.0: §3.13 sarifLog,
 * §3.19 tool and toolComponent with `rules`, §3.27 result with `level` and `locations`, §3.30
 * region with 1-based lines and columns, `endColumn` one past the last character), which code
 * scanning services read. Each Access Analyzer issue code is a rule; a refusal of IAM's that no
 * ERROR finding states is a result of its own rule (`MalformedPolicyDocument`, `LimitExceeded`).
 */
import type { PolicyFinding } from '../iam/policy/findings.js';
import type { Span } from '../iam/policy/spans.js';
import type { FindingType } from '../iam/policy/lint-findings.js';
import { packageVersion } from '../server/version.js';
import type { FileReport } from './policy-report.js';

const SARIF_LEVEL: Record<FindingType, 'error' | 'warning' | 'note'> = {
  ERROR: 'error',
  SECURITY_WARNING: 'warning',
  WARNING: 'warning',
  SUGGESTION: 'note',
};

interface Rule {
  id: string;
  shortDescription: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: { tags: string[]; 'security-severity'?: string };
}

/** `JSON_SYNTAX_ERROR` → "Json syntax error", as the checks page titles its entries. */
function title(code: string): string {
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words[0].toUpperCase() + words.slice(1);
}

function region(span: Span) {
  return {
    startLine: span.start.line,
    startColumn: span.start.column + 1,
    endLine: span.end.line,
    endColumn: span.end.column + 1,
    charOffset: span.start.offset,
    charLength: span.end.offset - span.start.offset,
  };
}

/** A path as a relative URI reference (§3.10): forward slashes, percent-encoded. */
function uriOf(file: string): string {
  return file === '-' ? 'stdin' : encodeURI(file.split('\\').join('/'));
}

export function sarifLog(reports: readonly FileReport[]): object {
  const rules: Rule[] = [];
  const index = new Map<string, number>();
  const ruleFor = (id: string, type: FindingType, helpUri?: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = rules.length;
      index.set(id, i);
      rules.push({
        id,
        shortDescription: { text: title(id) },
        ...(helpUri ? { helpUri } : {}),
        defaultConfiguration: { level: SARIF_LEVEL[type] },
        // GitHub code scanning ranks security findings by this score (1 low … 10 critical).
        properties:
          type === 'SECURITY_WARNING'
            ? { tags: ['security'], 'security-severity': '7.0' }
            : { tags: ['iam'] },
      });
    }
    return i;
  };
  const results: object[] = [];
  for (const r of reports) {
    const uri = uriOf(r.file);
    const at = (span: Span | undefined) =>
      span
        ? [{ physicalLocation: { artifactLocation: { uri }, region: region(span) } }]
        : [{ physicalLocation: { artifactLocation: { uri } } }];
    const iam = r.analysis.iam;
    const stated = r.findings.some((f) => f.findingType === 'ERROR');
    if (!iam.valid && !r.iamIgnored && !stated) {
      results.push({
        ruleId: iam.code,
        ruleIndex: ruleFor(iam.code, 'ERROR'),
        level: 'error',
        message: { text: iam.message },
        locations: at(iam.location?.span),
      });
    }
    for (const f of r.findings)
      results.push(resultOf(f, ruleFor(f.issueCode, f.findingType, f.learnMoreLink), at));
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'pinpost', version: packageVersion(), rules } }, results }],
  };
}

function resultOf(f: PolicyFinding, ruleIndex: number, at: (span: Span | undefined) => object[]): object {
  return {
    ruleId: f.issueCode,
    ruleIndex,
    level: SARIF_LEVEL[f.findingType],
    message: { text: f.findingDetails },
    locations: f.locations.length > 0 ? f.locations.flatMap((l) => at(l.span)) : at(undefined),
  };
}
