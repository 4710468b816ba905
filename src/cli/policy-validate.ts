/**
 * `pinpost policy validate|lint`: IAM's verdict and Access Analyzer's findings for policy files,
 * folders and globs (or JSON lines), as text, JSON or SARIF 2.1.0, with `--ignore` for issue codes
 * and `--fail-on` for the exit code. The findings are the engine's one source (iam/policy/findings.ts),
 * the same the `access-analyzer` API answers with.
 *
 * Exit codes: 0 — no finding at or above the `--fail-on` level (default `error`; a document IAM
 * refuses counts as an error); 1 — some finding at or above it; 2 — the command line or an input
 * cannot be used (usage, unreadable file, no file matches a glob). `--jsonl` exits 0 unless
 * `--fail-on` is given.
 */
import {
  analyzePolicy,
  statementOf,
  type PolicyAnalysis,
  type PolicyFinding,
} from '../iam/policy/findings.js';
import { pathText } from '../iam/policy/syntax-location.js';
import type { PolicyLocation, PolicyType } from '../iam/policy/types.js';
import {
  flagList,
  flagValue,
  parseArgs,
  partitionArg,
  policyType,
  readInput,
  TYPE_LIST,
  type Args,
} from './policy-args.js';
import { inputFiles } from './policy-files.js';
import { failOnArg, reaches, type FailOn, type FileReport } from './policy-report.js';
import { sarifLog } from './policy-sarif.js';
import { CliUsageError } from './run.js';

/** `policy validate` without `--type` or `--jsonl`: say what to pass (Pinpost's own wording). */
const TYPE_MISSING =
  `\`policy validate\` needs the policy's type: pass \`--type TYPE\` with TYPE one of ${TYPE_LIST} ` +
  `(or \`--jsonl\`, one JSON request with its PolicyType per line)\n` +
  `usage: pinpost policy validate --type TYPE [FILE|-]`;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

interface Options {
  partition?: string;
  ignore: Set<string>;
  failOn?: FailOn;
}

function report(file: string, text: string, type: PolicyType, options: Options): FileReport {
  const analysis = analyzePolicy(text, type, { partition: options.partition });
  return {
    file,
    text,
    analysis,
    findings: analysis.findings.filter((f) => !options.ignore.has(f.issueCode)),
    iamIgnored: !analysis.iam.valid && options.ignore.has(analysis.iam.code),
  };
}

/** One input's result as JSON: IAM's answer (and where, for a grammar fault) and the findings. */
function resultJson(analysis: PolicyAnalysis, findings: PolicyFinding[]) {
  const iam = analysis.iam;
  if (iam.valid) return { Valid: true as const, Findings: findings };
  const where = iam.location && {
    Location: { path: iam.location.path, span: iam.location.span },
    Detail: iam.location.detail,
  };
  return { Valid: false as const, Code: iam.code, Message: iam.message, ...where, Findings: findings };
}

/**
 * `at line 6, column 7 (Statement[0].Efect): unknown …`, then the line itself and a caret under
 * the fault, as compilers show it. Columns count from 1 here, as editors do (Access Analyzer's
 * JSON counts from 0); a long line (minified JSON) is cut to a window around the fault.
 */
function describeLocation(text: string, location: PolicyLocation): string[] {
  const { start, end } = location.span;
  const path = pathText(location.path);
  const head = `  at line ${start.line}, column ${start.column + 1}${path ? ` (${path})` : ''}: ${location.detail}`;
  const lineStart = start.offset - start.column;
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const width = Math.max(1, Math.min(end.offset, lineStart + line.length) - start.offset);
  const from = Math.max(0, start.column - 40);
  const to = Math.min(line.length, start.column + width + 40);
  const shown = (from > 0 ? '…' : '') + line.slice(from, to) + (to < line.length ? '…' : '');
  const caretAt = start.column - from + (from > 0 ? 1 : 0);
  const gutter = `${start.line} | `;
  return [
    head,
    `  ${gutter}${shown.replace(/\t/g, ' ')}`,
    `  ${' '.repeat(gutter.length - 2)}| ${' '.repeat(caretAt)}${'^'.repeat(Math.min(width, to - start.column))}`,
  ];
}

/** `statement 1 (Sid)`: where a finding is, for people. */
function whereText(f: PolicyFinding, report: FileReport): string {
  const places = f.locations
    .map((l) => statementOf(l.path))
    .filter((i): i is number => i !== undefined)
    .map((i) => {
      const sid = report.analysis.doc?.statements[i]?.sid;
      return `statement ${i + 1}${sid ? ` (${sid})` : ''}`;
    });
  return places.length > 0 ? ` at ${[...new Set(places)].join(', ')}` : '';
}

/**
 * Text, as the README shows it: a document IAM refuses gets IAM's answer and where (the JSON and
 * SARIF formats list every fault); one it accepts, its findings or `Valid: no findings.`
 */
function textLines(report: FileReport): string[] {
  const iam = report.analysis.iam;
  if (!iam.valid && !report.iamIgnored) {
    const lines = [`${iam.code}: ${iam.message}`];
    if (iam.location) lines.push(...describeLocation(report.text, iam.location));
    return lines;
  }
  if (report.findings.length === 0) return ['Valid: no findings.'];
  return report.findings.map(
    (f) => `${f.findingType} ${f.issueCode}${whereText(f, report)}: ${f.findingDetails}`,
  );
}

function options(args: Args): Options {
  const partition = flagValue(args, 'partition');
  const failOn = flagValue(args, 'fail-on');
  return {
    partition: partition === undefined ? undefined : partitionArg(partition),
    ignore: new Set(flagList(args, 'ignore')),
    failOn: failOn === undefined ? undefined : failOnArg(failOn),
  };
}

/** `--jsonl`: one request a line ({PolicyDocument, PolicyType, Partition}), one result a line. */
function validateJsonl(input: string, opts: Options, out: (s: string) => void): boolean {
  let failed = false;
  for (const line of input.split('\n')) {
    if (line.trim() === '') continue;
    let req: { PolicyDocument?: unknown; PolicyType?: unknown; Partition?: unknown };
    try {
      req = JSON.parse(line) as typeof req;
    } catch {
      out(
        JSON.stringify({
          Valid: false,
          Code: 'InvalidInput',
          Message: 'Input line is not JSON.',
          Findings: [],
        }),
      );
      continue;
    }
    const text =
      typeof req.PolicyDocument === 'string' ? req.PolicyDocument : JSON.stringify(req.PolicyDocument);
    let type: PolicyType;
    let partition = opts.partition;
    try {
      type = policyType(typeof req.PolicyType === 'string' ? req.PolicyType : 'identity');
      if (req.Partition !== undefined) partition = partitionArg(String(req.Partition));
    } catch (err) {
      out(
        JSON.stringify({ Valid: false, Code: 'InvalidInput', Message: (err as Error).message, Findings: [] }),
      );
      continue;
    }
    const r = report('-', text ?? '', type, { ...opts, partition });
    if (opts.failOn && reaches(r, opts.failOn)) failed = true;
    out(JSON.stringify(resultJson(r.analysis, r.findings)));
  }
  return failed;
}

export function validateCommand(argv: string[]): number {
  const args = parseArgs(argv, ['type', 'format', 'partition', 'ignore', 'fail-on']);
  const opts = options(args);
  const write = (s: string) => process.stdout.write(s + '\n');
  if (args.flags.has('jsonl')) return validateJsonl(readInput(args.positional[0]), opts, write) ? 1 : 0;
  const format = (flagValue(args, 'format') ?? 'text') as Format;
  if (!FORMATS.includes(format))
    throw new CliUsageError(`unknown format \`${format}\`; use text, json or sarif`);
  // The type is checked before reading: without it, reading a terminal's stdin would just wait.
  const typeName = flagValue(args, 'type');
  if (typeName === undefined) throw new CliUsageError(TYPE_MISSING);
  const type = policyType(typeName);
  const files = inputFiles(args.positional);
  const reports = files.map((file) => report(file, readInput(file), type, opts));
  if (format === 'sarif') write(JSON.stringify(sarifLog(reports), null, 2));
  else if (format === 'json')
    write(
      JSON.stringify({
        Files: reports.map((r) => ({ File: r.file, ...resultJson(r.analysis, r.findings) })),
      }),
    );
  else {
    for (const r of reports) {
      const prefix = files.length > 1 ? `${r.file}: ` : '';
      for (const line of textLines(r)) write(prefix + line);
    }
  }
  const failOn = opts.failOn ?? 'ERROR';
  return reports.some((r) => reaches(r, failOn)) ? 1 : 0;
}
