/**
 * Why one request is allowed or denied, step by step through AWS's evaluation logic
 * (reference_policies_evaluation-logic_policy-eval-denyallow.html: deny evaluation, resource
 * control policies, service control policies, resource-based policies, identity-based policies,
 * permissions boundaries, session policies), in words a person reads: which policy types applied,
 * each statement that matched or almost matched and why not, and AWS's AccessDenied text.
 * Built on the same evaluation the server and the simulator decide with; explanations only read.
 */
import { addCallerKeys } from './caller.js';
import type { CompiledStatement } from './compile.js';
import { compileCondition } from './conditions/index.js';
import { evaluate, type DecidingPolicy, type Evaluation, type PolicySet } from './evaluate.js';
import { accessDeniedMessage } from './explain.js';
import {
  contextFromEntries,
  policySetOf,
  resolveCaller,
  trustSet,
  type SimulationInput,
} from './simulate.js';
import type { StatementIndex } from './statement-index.js';
import type { Caller, Decision, RequestContextKeys } from './types.js';

export interface StatementNote {
  policy: string;
  statement: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** `applies`, or the first element that keeps it from applying. */
  verdict: 'applies' | 'resource' | 'principal' | 'condition';
  why: string;
}

export interface StepNote {
  step: string;
  /** What this step decided, in words. */
  outcome: string;
  statements: StatementNote[];
  /** Statements of this step's policies that are about other actions. */
  otherActions: number;
}

export interface RequestExplanation {
  caller: string;
  action: string;
  resource: string;
  decision: Decision;
  decidedBy?: DecidingPolicy;
  /** AWS's AccessDenied text, for a denial. */
  accessDenied?: string;
  steps: StepNote[];
}

const quote = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

/** Why a statement's Condition does not hold, clause by clause. */
function conditionWhy(s: CompiledStatement, keys: RequestContextKeys): string {
  const reasons: string[] = [];
  for (const [operator, byKey] of Object.entries(s.source.condition ?? {})) {
    for (const [key, values] of Object.entries(byKey)) {
      const clause = compileCondition({ [operator]: { [key]: values } }, s.policy.version).evaluate(keys);
      if (clause.matched) continue;
      const have = keys.get(key.toLowerCase());
      reasons.push(
        have === undefined
          ? `${operator} ${key} needs ${quote(values)}, and the request has no ${key}`
          : `${operator} ${key} needs ${quote(values)}, and the request has ${quote(have.values)}`,
      );
    }
  }
  return reasons.length > 0
    ? `its Condition does not hold: ${reasons.join('; ')}`
    : 'its Condition does not hold';
}

function describePrincipal(caller: Caller): string {
  return caller.kind === 'Service' ? `the service ${caller.arn}` : caller.arn || 'the caller';
}

/** Each statement of the index that is about the action: does it apply, and if not, why not. */
function notes(
  index: StatementIndex,
  req: { caller: Caller; action: string; resource: string; keys: RequestContextKeys },
  hasBoundary: boolean,
): { statements: StatementNote[]; otherActions: number } {
  const all = index.policies.flatMap((p) => p.statements);
  const about = index.forAction(req.action.toLowerCase());
  const statements = about.map((s): StatementNote => {
    const base = { policy: s.policy.id, statement: s.index + 1, sid: s.sid, effect: s.effect };
    if (!s.matchesResource(req.resource, req.keys))
      return { ...base, verdict: 'resource', why: `its Resource does not cover ${req.resource}` };
    const how = s.matchesPrincipal(req.caller, hasBoundary);
    if (how === undefined)
      return {
        ...base,
        verdict: 'principal',
        why: `its ${s.source.notPrincipal ? 'NotPrincipal leaves out' : 'Principal does not name'} ${describePrincipal(req.caller)}`,
      };
    if (s.condition && !s.condition.evaluate(req.keys).matched)
      return { ...base, verdict: 'condition', why: conditionWhy(s, req.keys) };
    const named =
      how === 'account'
        ? ' (it names the account, which delegates to the identity-based policies)'
        : how === 'role'
          ? " (it names the session's role, so boundaries and session policies still bound it)"
          : '';
    return {
      ...base,
      verdict: 'applies',
      why: `it ${s.effect === 'Allow' ? 'allows' : 'denies'} the request${named}`,
    };
  });
  return { statements, otherActions: all.length - about.length };
}

const STEP_TITLE: Record<DecidingPolicy, string> = {
  rcp: 'Resource control policies',
  scp: 'Service control policies',
  resource: 'Resource-based policy',
  identity: 'Identity-based policies',
  boundary: 'Permissions boundary',
  session: 'Session policies',
};

function outcomeOf(kind: DecidingPolicy, present: boolean, ev: Evaluation, set: PolicySet): string {
  if (!present) {
    if (kind === 'identity' && set.identityAllowsAll)
      return "the account's root user: allowed everything in its account";
    return 'none';
  }
  const d = ev.details?.[kind];
  if (d === 'explicitDeny') return 'an explicit deny';
  if (d === 'allowed') return kind === 'rcp' || kind === 'scp' ? 'every level allows' : 'allows';
  if (kind === 'rcp' || kind === 'scp') return 'a level does not allow (implicit deny)';
  return 'no statement allows (implicit deny)';
}

/** The explanation of each action × resource of a simulation request (usually one of each). */
export function explainRequest(input: SimulationInput): RequestExplanation[] {
  const caller = resolveCaller(input);
  const base = policySetOf(input, caller);
  const keys = contextFromEntries(input.ContextEntries);
  if (input.CallerArn) addCallerKeys(keys, caller);
  const out: RequestExplanation[] = [];
  for (const action of input.ActionNames ?? []) {
    for (const resource of input.ResourceArns?.length ? input.ResourceArns : ['*']) {
      const set = trustSet(base, input, action, resource);
      const req = { caller, action, resource, keys };
      const ev = evaluate(set, req, true);
      const hasBoundary = set.boundary !== undefined;
      const step = (kind: DecidingPolicy, indexes: readonly StatementIndex[]): StepNote => {
        const all = indexes.map((ix) => notes(ix, req, hasBoundary));
        return {
          step: STEP_TITLE[kind],
          outcome: outcomeOf(kind, indexes.length > 0, ev, set),
          statements: all.flatMap((n) => n.statements),
          otherActions: all.reduce((n, x) => n + x.otherActions, 0),
        };
      };
      const steps = [
        step('rcp', set.rcp),
        step('scp', set.scp),
        step('resource', set.resource ? [set.resource] : []),
        step('identity', set.identity ? [set.identity] : []),
        step('boundary', set.boundary ? [set.boundary] : []),
        step('session', set.session ? [set.session] : []),
      ];
      const explanation: RequestExplanation = {
        caller: caller.arn,
        action,
        resource,
        decision: ev.decision,
        decidedBy: ev.decidedBy,
        steps,
      };
      if (ev.decision !== 'allowed') {
        const sameAccount = (set.resourceOwner ?? caller.account) === caller.account;
        explanation.accessDenied = accessDeniedMessage({
          principalArn: caller.arn,
          action,
          resource,
          evaluation: ev,
          withReason: sameAccount && !set.resourcePolicyRequired,
        });
      }
      out.push(explanation);
    }
  }
  return out;
}

const DECISION: Record<Decision, string> = {
  allowed: 'ALLOWED',
  explicitDeny: 'DENIED (explicit deny)',
  implicitDeny: 'DENIED (implicit deny: nothing allows it)',
};

/** The explanation as lines of text. */
export function explanationText(e: RequestExplanation): string[] {
  const lines = [
    `${e.caller || 'A caller'} calls ${e.action} on ${e.resource}: ${DECISION[e.decision]}`,
    ...(e.decidedBy ? [`Decided by: ${STEP_TITLE[e.decidedBy].toLowerCase()}.`] : []),
    ...(e.accessDenied ? [`AWS would answer: AccessDenied: ${e.accessDenied}`] : []),
    'Evaluation, in AWS order (reference_policies_evaluation-logic_policy-eval-denyallow.html):',
  ];
  const denies = e.steps.flatMap((s) =>
    s.statements.filter((st) => st.verdict === 'applies' && st.effect === 'Deny'),
  );
  lines.push(
    denies.length === 0
      ? '  1. Deny evaluation: no statement denies the request.'
      : `  1. Deny evaluation: denied by ${denies.map((d) => `${d.policy} statement ${d.statement}${d.sid ? ` (${d.sid})` : ''}`).join(', ')}.`,
  );
  e.steps.forEach((s, n) => {
    lines.push(`  ${n + 2}. ${s.step}: ${s.outcome}.`);
    for (const st of s.statements) {
      const mark = st.verdict === 'applies' ? (st.effect === 'Allow' ? '+' : '!') : '-';
      lines.push(
        `       ${mark} ${st.policy} statement ${st.statement}${st.sid ? ` (${st.sid})` : ''}, ${st.effect}: ${st.why}.`,
      );
    }
    if (s.otherActions > 0)
      lines.push(
        `       ${s.otherActions} other statement${s.otherActions === 1 ? ' is' : 's are'} about other actions.`,
      );
  });
  return lines;
}
