/**
 * AccessDenied texts as AWS writes them (troubleshoot_access-denied.html, "Access denied error
 * message examples"): `User: <principal> is not authorized to perform: <action> on resource:
 * <resource> because no identity-based policy allows the <action> action`, or `… with an explicit
 * deny in a service control policy`. Actions without a resource omit the `on resource:` part.
 */
// No import from the engine: the console (console/src/pages/simulator) words denials with this
// module in the browser, and the engine's types reach Node-only code.

/** The kinds of policy that can decide a denial (evaluate.ts `DecidingPolicy`, kept equal by its callers' types). */
export type DenialPolicyKind = 'rcp' | 'scp' | 'resource' | 'identity' | 'boundary' | 'session';

/** What the message needs of an evaluation (evaluate.ts `Evaluation`). */
export interface DenialEvaluation {
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  decidedBy?: DenialPolicyKind;
}

const EXPLICIT: Record<DenialPolicyKind, string> = {
  rcp: 'with an explicit deny in a resource control policy',
  scp: 'with an explicit deny in a service control policy',
  resource: 'with an explicit deny in a resource-based policy',
  identity: 'with an explicit deny in an identity-based policy',
  boundary: 'with an explicit deny in a permissions boundary',
  session: 'with an explicit deny in a session policy',
};

const IMPLICIT: Record<DenialPolicyKind, string> = {
  rcp: 'resource control policy',
  scp: 'service control policy',
  resource: 'resource-based policy',
  identity: 'identity-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
};

export interface DenialMessageInput {
  principalArn: string;
  action: string;
  resource: string;
  evaluation: DenialEvaluation;
  /**
   * AWS adds the reason only for requests within one account (or organization); across accounts,
   * and for a role trust policy refusing sts:AssumeRole, the text stops after the resource.
   */
  withReason?: boolean;
}

/** The message of the AccessDenied error for a denied evaluation. */
export function accessDeniedMessage(input: DenialMessageInput): string {
  const { principalArn, action, resource, evaluation } = input;
  let text = `User: ${principalArn} is not authorized to perform: ${action}`;
  if (resource !== '*') text += ` on resource: ${resource}`;
  if (input.withReason === false || evaluation.decision === 'allowed' || !evaluation.decidedBy) return text;
  if (evaluation.decision === 'explicitDeny') return `${text} ${EXPLICIT[evaluation.decidedBy]}`;
  return `${text} because no ${IMPLICIT[evaluation.decidedBy]} allows the ${action} action`;
}
