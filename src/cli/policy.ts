/**
 * `pinpost policy validate` and `pinpost policy simulate`: the policy engine offline.
 * The output formats are a contract with checks outside this repository: keep them exactly.
 */
import { readFileSync } from 'node:fs';
import { lintPolicy } from '../iam/policy/lint.js';
import { simulate, SimulationInputError, type SimulationInput } from '../iam/policy/simulate.js';
import { pathText } from '../iam/policy/syntax-location.js';
import { POLICY_TYPES, type PolicyLocation, type PolicyType } from '../iam/policy/types.js';
import { validatePolicy } from '../iam/policy/validate.js';
import { CliUsageError } from './run.js';

/** Access Analyzer's policy type names, accepted as well as Pinpost's. */
const TYPE_ALIASES: Record<string, PolicyType> = {
  identity_policy: 'identity',
  resource_policy: 'resource',
  service_control_policy: 'scp',
  resource_control_policy: 'rcp',
  permissions_boundary: 'boundary',
  inline: 'identity',
};

/** The types a user may pass, as the messages list them. */
const TYPE_LIST = POLICY_TYPES.map((t) => `\`${t}\``).join(', ');

function policyType(name: string): PolicyType {
  const lower = name.toLowerCase();
  const type = (POLICY_TYPES as readonly string[]).includes(lower)
    ? (lower as PolicyType)
    : TYPE_ALIASES[lower];
  if (!type) throw new CliUsageError(`unknown policy type \`${name}\`; use one of ${TYPE_LIST}`);
  return type;
}

/** `policy validate` without `--type` or `--jsonl`: say what to pass (Pinpost's own wording). */
const TYPE_MISSING =
  `\`policy validate\` needs the policy's type: pass \`--type TYPE\` with TYPE one of ${TYPE_LIST} ` +
  `(or \`--jsonl\`, one JSON request with its PolicyType per line)\n` +
  `usage: pinpost policy validate --type TYPE [FILE|-]`;

interface Args {
  flags: Map<string, string | true>;
  positional: string[];
}

function parseArgs(argv: string[], valued: readonly string[]): Args {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2);
      if (valued.includes(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new CliUsageError(`\`--${name}\` needs a value`);
        flags.set(name, value);
      } else flags.set(name, true);
    } else positional.push(a);
  }
  return { flags, positional };
}

function readInput(path: string | undefined): string {
  if (path === undefined || path === '-') return readFileSync(0, 'utf8');
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliUsageError(`cannot read \`${path}\`: ${(err as Error).message}`);
  }
}

/**
 * One policy's result. A grammar fault also says where (line, column, path, what is wrong) in
 * Access Analyzer's Location shape (API_Location.html): IAM's message alone names no place.
 */
function validateOne(text: string, type: PolicyType) {
  const v = validatePolicy(text, type);
  if (!v.valid) {
    const where = v.location && {
      Location: { path: v.location.path, span: v.location.span },
      Detail: v.location.detail,
    };
    return { Valid: false as const, Code: v.code, Message: v.message, ...where, Findings: [] as unknown[] };
  }
  return { Valid: true as const, Findings: lintPolicy(v.doc, type) };
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

function validateJsonl(input: string, out: (s: string) => void): number {
  for (const line of input.split('\n')) {
    if (line.trim() === '') continue;
    let req: { PolicyDocument?: unknown; PolicyType?: unknown };
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
    try {
      type = policyType(typeof req.PolicyType === 'string' ? req.PolicyType : 'identity');
    } catch (err) {
      out(
        JSON.stringify({ Valid: false, Code: 'InvalidInput', Message: (err as Error).message, Findings: [] }),
      );
      continue;
    }
    out(JSON.stringify(validateOne(text ?? '', type)));
  }
  return 0;
}

function validateCommand(argv: string[]): number {
  const args = parseArgs(argv, ['type']);
  const write = (s: string) => process.stdout.write(s + '\n');
  if (args.flags.has('jsonl')) return validateJsonl(readInput(args.positional[0]), write);
  // The type is checked before reading: without it, reading a terminal's stdin would just wait.
  const typeName = args.flags.get('type');
  if (typeof typeName !== 'string') throw new CliUsageError(TYPE_MISSING);
  const type = policyType(typeName);
  const input = readInput(args.positional[0]);
  const result = validateOne(input, type);
  if (!result.Valid) {
    write(`${result.Code}: ${result.Message}`);
    if (result.Location) {
      const location = { ...result.Location, detail: result.Detail ?? '' };
      for (const line of describeLocation(input, location)) write(line);
    }
    return 1;
  }
  if (result.Findings.length === 0) write('Valid: no findings.');
  for (const f of result.Findings as ReturnType<typeof lintPolicy>) {
    const where = f.locations
      .map((l) => `statement ${l.statementIndex + 1}${l.sid ? ` (${l.sid})` : ''}`)
      .join(', ');
    write(`${f.findingType} ${f.issueCode}${where ? ` at ${where}` : ''}: ${f.findingDetails}`);
  }
  return 0;
}

function simulateOne(text: string): { ok: boolean; json: string } {
  try {
    const input = JSON.parse(text) as SimulationInput;
    return { ok: true, json: JSON.stringify(simulate(input)) };
  } catch (err) {
    if (err instanceof SimulationInputError) {
      return { ok: false, json: JSON.stringify({ Error: { Code: err.code, Message: err.message } }) };
    }
    if (err instanceof SyntaxError) {
      return {
        ok: false,
        json: JSON.stringify({ Error: { Code: 'InvalidInput', Message: 'Input is not JSON.' } }),
      };
    }
    throw err;
  }
}

function simulateCommand(argv: string[]): number {
  const args = parseArgs(argv, []);
  const input = readInput(args.positional[0]);
  if (!args.flags.has('jsonl')) {
    const r = simulateOne(input);
    (r.ok ? process.stdout : process.stderr).write(r.json + '\n');
    return r.ok ? 0 : 1;
  }
  const out: string[] = [];
  for (const line of input.split('\n')) if (line.trim() !== '') out.push(simulateOne(line).json);
  process.stdout.write(out.length ? out.join('\n') + '\n' : '');
  return 0;
}

export async function policyCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'validate') return validateCommand(rest);
  if (sub === 'simulate') return simulateCommand(rest);
  throw new CliUsageError(`unknown policy command \`${sub ?? ''}\`; use \`validate\` or \`simulate\``);
}
