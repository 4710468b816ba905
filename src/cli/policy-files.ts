/**
 * The inputs of `pinpost policy validate|lint`: `-` (stdin), files, folders (every `*.json` below,
 * in name order) and globs (`policies/**\/*.json`, `*` and `?` within a name, `**` across folders).
 * These are the operator's own paths on the command line, read as given.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CliUsageError } from './run.js';

const WILDCARD = /[*?]/;

/** A glob as a RegExp over `/`-separated relative paths. */
function globRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more folders; a final `**` anything below.
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Every file below `dir`, sorted, as paths joined to `dir`. */
function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** The files an argument names; a name matching nothing is a usage error. */
function expand(arg: string): string[] {
  if (arg === '-') return ['-'];
  if (!WILDCARD.test(arg)) {
    let stat;
    try {
      stat = statSync(arg);
    } catch (err) {
      throw new CliUsageError(`cannot read \`${arg}\`: ${(err as Error).message}`);
    }
    return stat.isDirectory() ? walk(arg).filter((p) => p.endsWith('.json')) : [arg];
  }
  // The folder part before the first wildcard is where the walk starts.
  const parts = arg.split('/');
  const first = parts.findIndex((p) => WILDCARD.test(p));
  const base = parts.slice(0, first).join('/') || '.';
  const pattern = globRegExp(parts.slice(first).join('/'));
  let files: string[];
  try {
    files = walk(base);
  } catch {
    files = [];
  }
  const matched = files.filter((p) => pattern.test(relative(base, p).split(sep).join('/')));
  if (matched.length === 0) throw new CliUsageError(`no file matches \`${arg}\``);
  return matched;
}

/** The inputs in the order given, each file once; stdin when none is given. */
export function inputFiles(args: readonly string[]): string[] {
  if (args.length === 0) return ['-'];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const arg of args) {
    for (const file of expand(arg)) {
      if (seen.has(file)) continue;
      seen.add(file);
      out.push(file);
    }
  }
  return out;
}
