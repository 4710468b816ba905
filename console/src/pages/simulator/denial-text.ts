/**
 * The AccessDenied text AWS would answer for a simulated request that is denied, in the wording
 * the server itself uses (src/iam/policy/explain.ts, imported; after troubleshoot_access-denied.html: "User:
 * <arn> is not authorized to perform: <action> on resource: <arn> because no identity-based policy
 * allows the <action> action", "… with an explicit deny in a resource-based policy"). Which policy
 * kind decided is read back from the simulation's answer: the kinds of the deny statements that
 * matched (an explicit deny), or the boundary and identity verdicts (an implicit one), in the
 * evaluation flow's order (reference_policies_evaluation-logic_policy-eval-denyallow.html).
 */

import { accessDeniedMessage, type DenialPolicyKind } from '../../../../src/iam/policy/explain.js';

/** The policy kinds as the evaluation logic orders them (src/iam/policy/evaluate.ts). */
export type DecidingPolicy = DenialPolicyKind;

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface MatchedStatement {
  SourcePolicyId?: string;
  SourcePolicyType?: string;
}

export interface SimulatedResult {
  EvalActionName?: string;
  EvalResourceName?: string;
  EvalDecision?: string;
  MatchedStatements?: MatchedStatement[];
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary?: boolean };
  EvalDecisionDetails?: Record<string, string>;
}

/** Which kind of policy a matched statement is in: the form knows which ids are boundaries. */
export type PolicyKindOf = (s: MatchedStatement) => 'resource' | 'identity' | 'boundary';

/** Pasted boundaries are `PermissionsBoundaryPolicyInputList.N`; resource policies have type `resource`. */
export function kindOfStatement(boundaryIds: ReadonlySet<string> = new Set()): PolicyKindOf {
  return (s) => {
    if (s.SourcePolicyType === 'resource') return 'resource';
    const id = s.SourcePolicyId ?? '';
    if (id.startsWith('PermissionsBoundaryPolicyInputList.') || boundaryIds.has(id)) return 'boundary';
    return 'identity';
  };
}

export interface DenialContext {
  /** The simulated principal as AWS names it in the text. */
  principalArn: string;
  kindOf: PolicyKindOf;
  /**
   * Whether the identity-based policies alone allow the request, when the page asked (it matters
   * only when a boundary does not allow: then the boundary decided if identity allowed).
   */
  identityAllowed?: boolean;
}

const ROLE_ARN = /^arn:[\w-]+:iam::\d{12}:role\//;
const TRUST_ACTIONS = new Set(['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity']);

/** sts:AssumeRole* on a role: the role's trust policy decides alone, and AWS gives no reason. */
export function isRoleTrustRequest(action: string, resource: string): boolean {
  return TRUST_ACTIONS.has(action.toLowerCase()) && ROLE_ARN.test(resource);
}

const isServicePrincipal = (arn: string) => !arn.startsWith('arn:');

/** The deciding policy kind of a denied result, as the evaluation flow decides it. */
export function decidingPolicy(result: SimulatedResult, ctx: DenialContext): DecidingPolicy | undefined {
  if (result.EvalDecision === 'allowed') return undefined;
  if (result.EvalDecision === 'explicitDeny') {
    const kinds = new Set((result.MatchedStatements ?? []).map(ctx.kindOf));
    for (const k of ['resource', 'identity', 'boundary'] as const) if (kinds.has(k)) return k;
    return 'identity';
  }
  if (isServicePrincipal(ctx.principalArn)) return 'resource';
  const boundaryAllows = result.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary;
  const identity = result.EvalDecisionDetails?.['IAM Policy'];
  const identityAllows = identity !== undefined ? identity === 'allowed' : ctx.identityAllowed;
  if (boundaryAllows === false && identityAllows === true) return 'boundary';
  if (identityAllows === true) return 'resource';
  return 'identity';
}

/**
 * AWS's text for a denied result; undefined when allowed. AWS names the reason only within one
 * account, and never for a role's trust policy or a service principal (STS's own refusal).
 */
export function denialText(result: SimulatedResult, ctx: DenialContext): string | undefined {
  const decision = result.EvalDecision as Decision | undefined;
  if (decision !== 'explicitDeny' && decision !== 'implicitDeny') return undefined;
  const action = result.EvalActionName ?? '';
  const resource = result.EvalResourceName ?? '*';
  const crossAccount = Object.keys(result.EvalDecisionDetails ?? {}).length > 0;
  const withReason =
    !crossAccount && !isRoleTrustRequest(action, resource) && !isServicePrincipal(ctx.principalArn);
  return accessDeniedMessage({
    principalArn: ctx.principalArn,
    action,
    resource,
    evaluation: { decision, decidedBy: decidingPolicy(result, ctx) },
    withReason,
  });
}
