/**
 * Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, and the escapes
 * `${*}`, `${?}`, `${$}` that stand for the literal characters.
 * reference_policies_variables.html: variables are recognized only in documents whose Version is
 * 2012-10-17; in 2008-10-17 (or no Version) `${...}` is plain text. A variable whose key is absent
 * from the request (and has no default) makes the element it is in not match. Substituted values are
 * literal text: a `*` in a user name or tag never acts as a wildcard.
 */
import type { GlobPart } from './wildcard.js';
import type { RequestContextKeys } from './types.js';

export const VARIABLES_VERSION = '2012-10-17';

type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'escape'; text: string }
  | { kind: 'var'; key: string; lowerKey: string; fallback?: string };

export interface CompiledTemplate {
  /** The text as written in the policy. */
  readonly source: string;
  /** Context keys the template reads, as written (deduplicated). */
  readonly variables: readonly string[];
  /** True when resolving depends on the request (a variable is used). */
  readonly dynamic: boolean;
  /** The pattern for this request, or undefined when a variable has no value and no default. */
  resolve(keys: RequestContextKeys): GlobPart[] | undefined;
}

const WITH_DEFAULT = /^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$/;

/**
 * Each `${` … `}` of the text, in order: `${` key [`,` `'`default`'`] `}`, the key holding `/`, `:`
 * and the characters tags allow; a `${` runs to the first `}` after it. A scan with indexOf, not
 * a global RegExp: `\$\{([^}]*)\}` rescans the rest of the text from every `${` that has no `}`
 * after it, quadratic on a value of many `${` (seconds for 100 KB).
 */
export function* variableSpans(text: string): Generator<{ at: number; end: number; inner: string }> {
  let from = 0;
  for (;;) {
    const at = text.indexOf('${', from);
    if (at < 0) return;
    const close = text.indexOf('}', at + 2);
    // No `}` after this `${` means none after any later one either.
    if (close < 0) return;
    yield { at, end: close + 1, inner: text.slice(at + 2, close) };
    from = close + 1;
  }
}

function parsePieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const { at, end, inner } of variableSpans(text)) {
    if (at > last) pieces.push({ kind: 'text', text: text.slice(last, at) });
    last = end;
    if (inner === '*' || inner === '?' || inner === '$') {
      pieces.push({ kind: 'escape', text: inner });
      continue;
    }
    const withDefault = WITH_DEFAULT.exec(inner);
    if (withDefault) {
      pieces.push({
        kind: 'var',
        key: withDefault[1],
        lowerKey: withDefault[1].toLowerCase(),
        fallback: withDefault[2],
      });
      continue;
    }
    const key = inner.trim();
    if (key === '') {
      // `${}` is not a variable: IAM keeps it as text.
      pieces.push({ kind: 'text', text: text.slice(at, end) });
      continue;
    }
    pieces.push({ kind: 'var', key, lowerKey: key.toLowerCase() });
  }
  if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
  return pieces;
}

function staticTemplate(text: string, parts: GlobPart[]): CompiledTemplate {
  return { source: text, variables: [], dynamic: false, resolve: () => parts };
}

/** Compiles a Resource or condition value once; `resolve` then costs a map look-up per variable. */
export function compileTemplate(text: string, version: string | undefined): CompiledTemplate {
  if (version !== VARIABLES_VERSION || !text.includes('${')) {
    return staticTemplate(text, [{ text, literal: false }]);
  }
  const pieces = parsePieces(text);
  const vars = pieces.filter((p): p is Extract<Piece, { kind: 'var' }> => p.kind === 'var');
  const fixed: GlobPart[] = pieces.map((p) => ({
    text: p.kind === 'var' ? '' : p.text,
    literal: p.kind !== 'text',
  }));
  if (vars.length === 0) return staticTemplate(text, fixed);
  const names = [...new Set(vars.map((v) => v.key))];
  return {
    source: text,
    variables: names,
    dynamic: true,
    resolve(keys) {
      const out: GlobPart[] = [];
      for (const p of pieces) {
        if (p.kind === 'text') out.push({ text: p.text, literal: false });
        else if (p.kind === 'escape') out.push({ text: p.text, literal: true });
        else {
          const value = keys.get(p.lowerKey);
          // A multivalued key cannot be a variable; it resolves like an absent one.
          if (value && !value.list && value.values.length === 1)
            out.push({ text: value.values[0], literal: true });
          else if (p.fallback !== undefined) out.push({ text: p.fallback, literal: true });
          else return undefined;
        }
      }
      return out;
    },
  };
}

/** The resolved text of a template, with escapes and variables as plain characters. */
export function resolveText(t: CompiledTemplate, keys: RequestContextKeys): string | undefined {
  const parts = t.resolve(keys);
  return parts?.map((p) => p.text).join('');
}
