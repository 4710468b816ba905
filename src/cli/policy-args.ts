/** Command-line pieces the `pinpost policy` commands share: flags, policy types, partitions, input. */
import { readFileSync } from 'node:fs';
import { isPartition, PARTITIONS } from '../iam/policy/partitions.js';
import { POLICY_TYPES, type PolicyType } from '../iam/policy/types.js';
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
export const TYPE_LIST = POLICY_TYPES.map((t) => `\`${t}\``).join(', ');

export function policyType(name: string): PolicyType {
  const lower = name.toLowerCase();
  const type = (POLICY_TYPES as readonly string[]).includes(lower)
    ? (lower as PolicyType)
    : TYPE_ALIASES[lower];
  if (!type) throw new CliUsageError(`unknown policy type \`${name}\`; use one of ${TYPE_LIST}`);
  return type;
}

export function partitionArg(name: string): string {
  if (isPartition(name)) return name;
  const list = PARTITIONS.map((p) => `\`${p.id}\``).join(', ');
  throw new CliUsageError(`unknown partition \`${name}\`; use one of ${list}`);
}

export interface Args {
  /** Each flag's values in order (`--ignore A --ignore B`), or `true` for a switch. */
  flags: Map<string, string[] | true>;
  positional: string[];
}

/** `--name value`, `--name=value`, switches; `valued` lists the flags that take a value. */
export function parseArgs(argv: string[], valued: readonly string[]): Args {
  const flags = new Map<string, string[] | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      if (valued.includes(name)) {
        const value = eq < 0 ? argv[++i] : a.slice(eq + 1);
        if (value === undefined) throw new CliUsageError(`\`--${name}\` needs a value`);
        const prev = flags.get(name);
        flags.set(name, Array.isArray(prev) ? [...prev, value] : [value]);
      } else flags.set(name, true);
    } else positional.push(a);
  }
  return { flags, positional };
}

/** The last value of a valued flag, or undefined. */
export function flagValue(args: Args, name: string): string | undefined {
  const v = args.flags.get(name);
  return Array.isArray(v) ? v[v.length - 1] : undefined;
}

/** Every value of a repeatable flag, comma lists split (`--ignore A,B --ignore C`). */
export function flagList(args: Args, name: string): string[] {
  const v = args.flags.get(name);
  if (!Array.isArray(v)) return [];
  return v
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** A file the operator named on the `pinpost policy` command line (or stdin): never a request's input, so not through src/net. */
export function readInput(path: string | undefined): string {
  if (path === undefined || path === '-') return readFileSync(0, 'utf8');
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliUsageError(`cannot read \`${path}\`: ${(err as Error).message}`);
  }
}
