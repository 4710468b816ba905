/**
 * Policy values as templates. reference_policies_variables.html ("Condition element") and
 * reference_policies_elements_condition_operators.html: variables are resolved in the values of
 * String, ARN and Bool operators (the operators page lists Bool too), only in 2012-10-17 documents;
 * Numeric, Date, Binary, IP address and Null values are plain text.
 */
import type { RequestContextKeys } from '../types.js';
import { compileTemplate, type CompiledTemplate } from '../variables.js';
import type { GlobPart } from '../wildcard.js';

const NO_KEYS: RequestContextKeys = new Map();

/** The values split into those fixed at compile time (as parts) and those that read the request. */
export interface SplitValues {
  fixed: GlobPart[][];
  dynamic: CompiledTemplate[];
  variables: string[];
}

export function splitValues(values: readonly string[], version: string | undefined): SplitValues {
  const fixed: GlobPart[][] = [];
  const dynamic: CompiledTemplate[] = [];
  const variables: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    const t = compileTemplate(value, version);
    if (!t.dynamic) {
      // A fixed template resolves without looking at the request.
      fixed.push(t.resolve(NO_KEYS) ?? [{ text: value, literal: false }]);
      continue;
    }
    dynamic.push(t);
    for (const v of t.variables) {
      if (seen.has(v.toLowerCase())) continue;
      seen.add(v.toLowerCase());
      variables.push(v);
    }
  }
  return { fixed, dynamic, variables };
}

/** The text of resolved parts; escapes and substituted values are plain characters here. */
export function joinParts(parts: readonly GlobPart[]): string {
  if (parts.length === 1) return parts[0].text;
  let s = '';
  for (const p of parts) s += p.text;
  return s;
}

/** A compile function with a small cache, and what the cache holds (for tests). */
export type CachedCompile<T> = ((parts: GlobPart[]) => T) & { stats(): { entries: number; chars: number } };

/**
 * A small per-template cache of what a resolved pattern compiles to, so that a variable such as
 * `${aws:username}` costs one compilation per distinct user rather than one per request.
 * The template's structure is fixed, so the sequence of part texts identifies the pattern.
 * Resolved values come from the request and have no length limit (IAM's ContextKeyValueType has
 * no maximum), so the cache is bounded by characters as well as entries, and a pattern longer
 * than `maxKey` is compiled for its request without being kept (Pinpost's own bounds).
 */
export function compiledCache<T>(
  compile: (parts: GlobPart[]) => T,
  limit = 128,
  maxChars = 64 * 1024,
  maxKey = 2048,
): CachedCompile<T> {
  const cache = new Map<string, T>();
  let chars = 0;
  const cached = (parts: GlobPart[]) => {
    let key = '';
    for (const p of parts) key += p.text + '\u0000';
    if (key.length > maxKey) return compile(parts);
    let hit = cache.get(key);
    if (hit === undefined) {
      if (cache.size >= limit || chars + key.length > maxChars) {
        cache.clear();
        chars = 0;
      }
      hit = compile(parts);
      cache.set(key, hit);
      chars += key.length;
    }
    return hit;
  };
  return Object.assign(cached, { stats: () => ({ entries: cache.size, chars }) });
}
