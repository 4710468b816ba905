/**
 * The linear matcher against the RegExp compiler it replaced (issue 9, finding 2): on random short
 * patterns and values over a small alphabet, with and without ARN segment rules, case-insensitive
 * or not, with literal parts, both must answer the same. `legacyCompileGlob` is the former
 * wildcard.ts verbatim (a backtracking RegExp: exponential on `*a*a*…*c`, exact on short inputs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileGlob, type GlobPart } from './wildcard.js';

function legacyHasWildcard(parts: readonly GlobPart[]): boolean {
  return parts.some((p) => !p.literal && (p.text.includes('*') || p.text.includes('?')));
}

function legacyCompileGlob(
  parts: readonly GlobPart[],
  options: { ignoreCase?: boolean; arnSegments?: boolean },
): (v: string) => boolean {
  const ignoreCase = options.ignoreCase === true;
  if (!legacyHasWildcard(parts)) {
    const whole = parts.map((p) => p.text).join('');
    if (ignoreCase) {
      const lower = whole.toLowerCase();
      return (v) => v.length === lower.length && v.toLowerCase() === lower;
    }
    return (v) => v === whole;
  }
  const flat = parts.map((p) => p.text).join('');
  if (flat === '*' && parts.length === 1) return () => true;
  const last = parts[parts.length - 1];
  if (
    !last.literal &&
    last.text.endsWith('*') &&
    !legacyHasWildcard([...parts.slice(0, -1), { text: last.text.slice(0, -1), literal: false }])
  ) {
    const prefix = flat.slice(0, -1);
    if (ignoreCase) {
      const lower = prefix.toLowerCase();
      return (v) => v.length >= lower.length && v.slice(0, lower.length).toLowerCase() === lower;
    }
    return (v) => v.startsWith(prefix);
  }
  const chars: { c: string; literal: boolean }[] = [];
  for (const p of parts) for (const c of p.text) chars.push({ c, literal: p.literal });
  let source = '^';
  for (let i = 0; i < chars.length; i++) {
    const { c, literal } = chars[i];
    if (literal || (c !== '*' && c !== '?')) {
      source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      continue;
    }
    if (c === '?') {
      source += options.arnSegments ? '[^:]' : '[\\s\\S]';
      continue;
    }
    const next = chars[i + 1];
    const endsSegment = next === undefined || next.c === ':';
    source += options.arnSegments && !endsSegment ? '[^:]*' : '[\\s\\S]*';
  }
  const re = new RegExp(source + '$', ignoreCase ? 'i' : '');
  return (v) => re.test(v);
}

// `*`, `?`, the ARN delimiter `:`, `/`, both cases of two letters, a RegExp metacharacter, and
// characters whose case folding differs between toLowerCase and RegExp's (ſ, K, İ).
const alphabet = fc.constantFrom('a', 'b', 'A', 'B', ':', '/', '*', '?', '.', '$', 'ſ', 'K', 'İ');
const part = fc.record({ text: fc.string({ unit: alphabet, maxLength: 5 }), literal: fc.boolean() });
const pattern = fc.oneof(
  fc.string({ unit: alphabet, maxLength: 10 }).map((text): GlobPart[] => [{ text, literal: false }]),
  fc.array(part, { minLength: 1, maxLength: 4 }),
);
const options = fc.record({ ignoreCase: fc.boolean(), arnSegments: fc.boolean() });

test('the linear matcher answers as the former RegExp compiler did (reference_policies_elements_resource.html wildcards)', () => {
  fc.assert(
    fc.property(pattern, fc.string({ unit: alphabet, maxLength: 12 }), options, (parts, value, opts) => {
      assert.equal(
        compileGlob(parts, opts)(value),
        legacyCompileGlob(parts, opts)(value),
        `pattern ${JSON.stringify(parts)} value ${JSON.stringify(value)} ${JSON.stringify(opts)}`,
      );
    }),
    { numRuns: 20_000 },
  );
});

test('values built to match: the linear matcher agrees on matches too, not only on misses', () => {
  // Random values rarely match random patterns; instantiate each wildcard to get matches as well.
  const instantiate = (parts: GlobPart[], fill: string[]) => {
    let k = 0;
    return parts
      .map((p) =>
        p.literal
          ? p.text
          : p.text.replace(/[*?]/g, (w) => (w === '?' ? 'a' : (fill[k++ % fill.length] ?? ''))),
      )
      .join('');
  };
  fc.assert(
    fc.property(
      pattern,
      fc.array(fc.string({ unit: alphabet, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
      options,
      (parts, fill, opts) => {
        const value = instantiate(parts, fill);
        assert.equal(
          compileGlob(parts, opts)(value),
          legacyCompileGlob(parts, opts)(value),
          `pattern ${JSON.stringify(parts)} value ${JSON.stringify(value)} ${JSON.stringify(opts)}`,
        );
      },
    ),
    { numRuns: 20_000 },
  );
});

test('long patterns (several 32-position words of the automaton) answer as the former RegExp did', () => {
  // At most three `*` keep the RegExp polynomial; `?` and long literal runs make the pattern long.
  const chunk = fc.string({ unit: fc.constantFrom('a', 'b', ':', '?', 'A'), maxLength: 40 });
  const longPattern = fc.array(chunk, { minLength: 1, maxLength: 4 }).map((c) => c.join('*'));
  const value = (p: string) =>
    fc
      .tuple(fc.string({ unit: fc.constantFrom('a', 'b', ':'), maxLength: 6 }), fc.nat(p.length))
      .map(([fill, cut]) => {
        const v = p.replace(/\?/g, 'b').replace(/\*/g, fill);
        return cut % 3 === 0 ? v.slice(0, cut) + v.slice(cut + 1) : v;
      });
  fc.assert(
    fc.property(
      longPattern.chain((p) => fc.tuple(fc.constant(p), value(p), options)),
      ([p, v, opts]) => {
        const parts = [{ text: p, literal: false }];
        assert.equal(
          compileGlob(parts, opts)(v),
          legacyCompileGlob(parts, opts)(v),
          `pattern ${p} value ${v}`,
        );
      },
    ),
    { numRuns: 5_000 },
  );
});
