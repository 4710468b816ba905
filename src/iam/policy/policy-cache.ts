/**
 * Compile once, evaluate many: validated and compiled policies cached by content. The same
 * document text (for the same policy id and type) is parsed, validated and compiled only once.
 */
import { compilePolicy, type CompiledPolicy } from './compile.js';
import type { InlineOwner, PolicyType } from './types.js';
import { validatePolicy } from './validate.js';

export type CompileResult =
  | { ok: true; policy: CompiledPolicy }
  | { ok: false; code: 'MalformedPolicyDocument' | 'LimitExceeded'; message: string };

/** Enough for every policy of a busy account; the oldest entries go first beyond it. */
const MAX_ENTRIES = 10_000;
const cache = new Map<string, CompileResult>();

export interface CompileOptions {
  inlineOwner?: InlineOwner;
}

/** Validates and compiles `text` as a policy of `type`, or returns AWS's error for it. */
export function compilePolicyText(
  id: string,
  type: PolicyType,
  text: string,
  options: CompileOptions = {},
): CompileResult {
  const key = `${type}\u0000${options.inlineOwner ?? ''}\u0000${id}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const validation = validatePolicy(text, type, options);
  const result: CompileResult = validation.valid
    ? { ok: true, policy: compilePolicy(id, type, validation.doc) }
    : { ok: false, code: validation.code, message: validation.message };
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, result);
  return result;
}

/** Number of cached policies (for metrics and tests). */
export function compiledPolicyCount(): number {
  return cache.size;
}
