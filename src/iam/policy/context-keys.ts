/**
 * The context keys a policy references, as IAM's GetContextKeysForCustomPolicy and
 * GetContextKeysForPrincipalPolicy return them (API_GetContextKeysForCustomPolicy.html: "all of the
 * context keys referenced in the input policies").
 *
 * What IAM returns, from the AWS CLI's documented example for get-context-keys-for-custom-policy
 * (awscli/examples/iam/get-context-keys-for-custom-policy.rst): for a statement with Resource
 * `arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}` and Condition
 * `{"DateGreaterThan": {"aws:CurrentTime": ...}}` the answer is `["aws:username", "aws:CurrentTime"]`:
 * names keep the case they are written in, policy variables in Resource count, and a statement's
 * Resource variables come before its condition keys. Within a statement the order here is
 * Resource, NotResource, then the Condition block in the order written (each key, then the
 * variables in its values). Duplicates are dropped case-insensitively, as key names are
 * case-insensitive (reference_policies_variables.html), keeping the first spelling.
 * Variables are recognized only in 2012-10-17 documents (reference_policies_variables.html).
 */
import { compileCondition } from './conditions/index.js';
import type { PolicyDocument } from './types.js';
import { compileTemplate } from './variables.js';

export function contextKeysOfPolicy(doc: PolicyDocument): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (key: string): void => {
    const lower = key.toLowerCase();
    if (seen.has(lower)) return;
    seen.add(lower);
    out.push(key);
  };
  for (const s of doc.statements) {
    for (const r of [...(s.resource ?? []), ...(s.notResource ?? [])]) {
      for (const v of compileTemplate(r, doc.version).variables) add(v);
    }
    if (s.condition) for (const k of compileCondition(s.condition, doc.version).keys) add(k);
  }
  return out;
}
