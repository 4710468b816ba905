/**
 * Compile stage: a validated PolicyDocument becomes matchers that answer a request without
 * re-parsing. Action matching is case-insensitive (reference_policies_elements_action.html);
 * Resource matching is case-sensitive with ARN segment rules (reference_policies_elements_resource.html).
 */
import { compileCondition, type CompiledCondition } from './conditions/index.js';
import {
  compileNotPrincipal,
  compilePrincipal,
  type CompiledPrincipal,
  type PrincipalMatch,
} from './principal-match.js';
import type {
  Caller,
  PolicyDocument,
  PolicyType,
  RequestContextKeys,
  SourcePosition,
  Statement,
} from './types.js';
import { compileTemplate, type CompiledTemplate } from './variables.js';
import { compileGlob, type Matcher } from './wildcard.js';

export interface CompiledStatement {
  readonly policy: CompiledPolicy;
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly start: SourcePosition;
  readonly end: SourcePosition;
  /** True when the statement covers the action (lower-cased `service:action`). */
  matchesAction(actionLower: string): boolean;
  /** True when the statement covers the resource; undefined Resource (trust policies) covers all. */
  matchesResource(resource: string, keys: RequestContextKeys): boolean;
  /** How the statement names the caller (Principal / NotPrincipal); `direct` when it has neither. */
  matchesPrincipal(caller: Caller, hasBoundary: boolean): PrincipalMatch | undefined;
  readonly condition?: CompiledCondition;
  /** The statement as parsed, for explanations (explain-request.ts). */
  readonly source: Statement;
}

export interface CompiledPolicy {
  /** Who the policy is, for explanations: `PolicyInputList.1`, a policy ARN, `ResourcePolicy`… */
  readonly id: string;
  readonly type: PolicyType;
  readonly version?: string;
  readonly statements: readonly CompiledStatement[];
}

const ALWAYS = () => true;

function compileActionMatcher(patterns: readonly string[]): (actionLower: string) => boolean {
  if (patterns.includes('*')) return ALWAYS;
  const exact = new Set<string>();
  const globs: Matcher[] = [];
  for (const p of patterns) {
    const lower = p.toLowerCase();
    if (lower.includes('*') || lower.includes('?')) globs.push(compileGlob(lower));
    else exact.add(lower);
  }
  if (globs.length === 0) return (a) => exact.has(a);
  return (a) => exact.has(a) || globs.some((g) => g(a));
}

function compileResourceMatcher(
  patterns: readonly string[],
  version: string | undefined,
): (resource: string, keys: RequestContextKeys) => boolean {
  if (patterns.includes('*')) return ALWAYS;
  const fixed: Matcher[] = [];
  const dynamic: CompiledTemplate[] = [];
  for (const p of patterns) {
    const t = compileTemplate(p, version);
    if (t.dynamic) dynamic.push(t);
    else fixed.push(compileGlob(t.resolve(new Map()) ?? p, { arnSegments: true }));
  }
  if (dynamic.length === 0) {
    if (fixed.length === 1) return fixed[0];
    return (r) => fixed.some((m) => m(r));
  }
  return (r, keys) => {
    if (fixed.some((m) => m(r))) return true;
    for (const t of dynamic) {
      const parts = t.resolve(keys);
      // An unresolvable variable makes this pattern match nothing (reference_policies_variables.html).
      if (parts && compileGlob(parts, { arnSegments: true })(r)) return true;
    }
    return false;
  };
}

function negate<A extends unknown[]>(f: (...a: A) => boolean): (...a: A) => boolean {
  return (...a) => !f(...a);
}

function compileStatement(
  policy: CompiledPolicy,
  s: Statement,
  version: string | undefined,
): CompiledStatement {
  const matchesAction = s.action
    ? compileActionMatcher(s.action)
    : s.notAction
      ? negate(compileActionMatcher(s.notAction))
      : () => false;
  const matchesResource = s.resource
    ? compileResourceMatcher(s.resource, version)
    : s.notResource
      ? negate(compileResourceMatcher(s.notResource, version))
      : ALWAYS;
  let matchesPrincipal: CompiledStatement['matchesPrincipal'] = () => 'direct';
  if (s.principal) {
    const p: CompiledPrincipal = compilePrincipal(s.principal);
    matchesPrincipal = (caller) => p.match(caller);
  } else if (s.notPrincipal) {
    const np = compileNotPrincipal(s.notPrincipal);
    matchesPrincipal = (caller, hasBoundary) =>
      np.applies(caller, s.effect, hasBoundary) ? 'direct' : undefined;
  }
  return {
    policy,
    index: s.index,
    sid: s.sid,
    effect: s.effect,
    start: s.start,
    end: s.end,
    matchesAction,
    matchesResource,
    matchesPrincipal,
    condition:
      s.condition && Object.keys(s.condition).length > 0 ? compileCondition(s.condition, version) : undefined,
    source: s,
  };
}

/** Compiles one validated document. */
export function compilePolicy(id: string, type: PolicyType, doc: PolicyDocument): CompiledPolicy {
  const statements: CompiledStatement[] = [];
  const policy: CompiledPolicy = { id, type, version: doc.version, statements };
  for (const s of doc.statements) statements.push(compileStatement(policy, s, doc.version));
  return policy;
}
