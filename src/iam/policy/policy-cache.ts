/**
 * Compile once, evaluate many: validated and compiled policies cached by content. The same
 * document text (for the same policy id and type) is parsed, validated and compiled only once.
 *
 * The cache is bounded by entries and by bytes, and admits only what is worth keeping: a text
 * that fails validation (or exceeds its size quota) is answered and forgotten, and a text longer
 * than any policy AWS stores is compiled without being kept. Otherwise a caller sending distinct
 * rejected or oversized texts would grow the process for good (issue 9, finding 13: 2,400
 * oversized policies held 500 MB).
 */
import { compilePolicy, type CompiledPolicy } from './compile.js';
import type { InlineOwner, PolicyType } from './types.js';
import { validatePolicy } from './validate.js';

export type CompileResult =
  | { ok: true; policy: CompiledPolicy }
  | { ok: false; code: 'MalformedPolicyDocument' | 'LimitExceeded'; message: string };

export interface CompileOptions {
  inlineOwner?: InlineOwner;
  /** The partition the policy is validated in (its resources' and principals'); `aws` by default. */
  partition?: string;
}

export interface PolicyCacheLimits {
  /** Entries kept at most; the oldest go first beyond it. */
  maxEntries: number;
  /** Estimated bytes kept at most (see `entryBytes`); the oldest go first beyond it. */
  maxBytes: number;
  /** Texts longer than this (in characters) are compiled but never kept. */
  maxTextLength: number;
}

/**
 * Heap bytes an entry holds per character of its key: the key (which holds the text) and the
 * compiled policy's matchers, closures and condition tables. Measured with `--expose-gc` on 1,000
 * policies of 1, 10 and 30 statements each (Node 20): 28.6–29.4 bytes per character; rounded up.
 */
const BYTES_PER_CHARACTER = 32;

export function entryBytes(key: string): number {
  return key.length * BYTES_PER_CHARACTER;
}

/**
 * Pinpost's own defaults: 64 MiB of compiled policies (about 2,000 policies of 1 KB, 200 of the
 * largest inline size); 32,768 characters admits every policy AWS stores, pretty-printed (IAM's
 * largest quota is 10,240, reference_iam-quotas.html; "Bucket policies are limited to 20 KB in
 * size", AmazonS3/latest/userguide/using-iam-policies.html).
 */
export const DEFAULT_POLICY_CACHE_LIMITS: PolicyCacheLimits = {
  maxEntries: 10_000,
  maxBytes: 64 * 1024 * 1024,
  maxTextLength: 32_768,
};

export class PolicyCache {
  private readonly entries = new Map<string, { result: CompileResult; bytes: number }>();
  private bytes = 0;

  constructor(private readonly limits: PolicyCacheLimits = DEFAULT_POLICY_CACHE_LIMITS) {}

  /** Validates and compiles `text` as a policy of `type`, or returns AWS's error for it. */
  compile(id: string, type: PolicyType, text: string, options: CompileOptions = {}): CompileResult {
    const admissible = text.length <= this.limits.maxTextLength;
    const partition = options.partition ?? 'aws';
    const key = admissible
      ? `${type}\u0000${options.inlineOwner ?? ''}\u0000${partition}\u0000${id}\u0000${text}`
      : '';
    const hit = admissible ? this.entries.get(key) : undefined;
    if (hit) return hit.result;
    const validation = validatePolicy(text, type, { inlineOwner: options.inlineOwner, partition });
    if (!validation.valid) return { ok: false, code: validation.code, message: validation.message };
    const result: CompileResult = { ok: true, policy: compilePolicy(id, type, validation.doc) };
    if (admissible) this.keep(key, result);
    return result;
  }

  private keep(key: string, result: CompileResult): void {
    const bytes = entryBytes(key);
    if (bytes > this.limits.maxBytes) return;
    while (
      this.entries.size > 0 &&
      (this.entries.size >= this.limits.maxEntries || this.bytes + bytes > this.limits.maxBytes)
    ) {
      const [oldest, entry] = this.entries.entries().next().value as [string, { bytes: number }];
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
    this.entries.set(key, { result, bytes });
    this.bytes += bytes;
  }

  /** What the cache holds: entries and their estimated bytes (for metrics and tests). */
  stats(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

const shared = new PolicyCache();

/** Validates and compiles `text` as a policy of `type` through the process's shared cache. */
export function compilePolicyText(
  id: string,
  type: PolicyType,
  text: string,
  options: CompileOptions = {},
): CompileResult {
  return shared.compile(id, type, text, options);
}

/** What the shared cache holds (for metrics and tests). */
export function policyCacheStats(): { entries: number; bytes: number } {
  return shared.stats();
}

/** Number of cached policies (for metrics and tests). */
export function compiledPolicyCount(): number {
  return shared.stats().entries;
}
