/**
 * BinaryEquals (reference_policies_elements_condition_operators.html, "Binary condition
 * operators"): "compares the value of the specified key byte for byte against a base-64 encoded
 * representation of the binary value in the policy". Request values arrive as strings, so they are
 * base64 too (IAM's ContextKeyType `binary`). Both sides are decoded and compared as bytes; text
 * that is not base64 is a failed comparison. No policy variables.
 */
import { Buffer } from 'node:buffer';
import { ERROR, NO, YES, type CompiledValues, type ValueTest } from './tri.js';

// Canonical base64 with padding (RFC 4648 section 4).
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decodeBase64(s: string): Buffer | undefined {
  return BASE64.test(s) ? Buffer.from(s, 'base64') : undefined;
}

export function compileBinary(values: readonly string[]): CompiledValues {
  const decoded = values.map(decodeBase64);
  const policy = decoded.filter((b): b is Buffer => b !== undefined);
  const texts = new Set(values.filter((_, i) => decoded[i] !== undefined));
  const miss = policy.length === decoded.length ? NO : ERROR;
  const test: ValueTest = (v) => {
    // The same text is the same bytes: no decoding on the matching path.
    if (texts.has(v)) return YES;
    const bytes = decodeBase64(v);
    if (bytes === undefined) return ERROR;
    for (const p of policy) if (p.equals(bytes)) return YES;
    return miss;
  };
  return { test, variables: [] };
}
