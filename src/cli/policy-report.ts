/**
 * One validated input of `pinpost policy validate|lint`: IAM's verdict, the findings that are not
 * ignored, and the level they reach, with the levels ordered for `--fail-on`.
 */
import type { PolicyAnalysis, PolicyFinding } from '../iam/policy/findings.js';
import type { FindingType } from '../iam/policy/lint-findings.js';
import { CliUsageError } from './run.js';

export interface FileReport {
  /** The path as given (or `-` for standard input). */
  file: string;
  text: string;
  analysis: PolicyAnalysis;
  /** The findings left after `--ignore`. */
  findings: PolicyFinding[];
  /** IAM's own refusal (MalformedPolicyDocument, LimitExceeded) is on the ignore list. */
  iamIgnored: boolean;
}

/** From most to least severe; `--fail-on` names one of them, or `none`. */
export const LEVELS: readonly FindingType[] = ['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION'];

export type FailOn = FindingType | 'NONE';

export function failOnArg(name: string): FailOn {
  const upper = name.toUpperCase().replace(/-/g, '_');
  if (upper === 'NONE' || (LEVELS as readonly string[]).includes(upper)) return upper as FailOn;
  throw new CliUsageError(
    `unknown level \`${name}\` for \`--fail-on\`; use error, security-warning, warning, suggestion or none`,
  );
}

/** Whether a report reaches the level: a document IAM refuses counts as an ERROR. */
export function reaches(report: FileReport, failOn: FailOn): boolean {
  if (failOn === 'NONE') return false;
  const bar = LEVELS.indexOf(failOn);
  if (!report.analysis.iam.valid && !report.iamIgnored) return true;
  return report.findings.some((f) => LEVELS.indexOf(f.findingType) <= bar);
}
