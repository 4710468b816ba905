/**
 * Evaluate stage: AWS's decision for one request against a compiled policy set, following
 * reference_policies_evaluation-logic_policy-eval-denyallow.html (deny evaluation, RCPs, SCPs,
 * resource-based policies, identity-based policies, permissions boundaries, session policies) and
 * reference_policies_evaluation-logic-cross-account.html (both sides must allow across accounts).
 */
import type { CompiledPolicy, CompiledStatement } from './compile.js';
import { needsNoPermission } from './no-permission-actions.js';
import type { PrincipalMatch } from './principal-match.js';
import { StatementIndex } from './statement-index.js';
import type { Caller, Decision, RequestContextKeys } from './types.js';

/** The policy kinds as the evaluation logic orders them, and as AccessDenied messages name them. */
export type DecidingPolicy = 'rcp' | 'scp' | 'resource' | 'identity' | 'boundary' | 'session';

/** The order in which explicit denies are reported: the order of the evaluation flow chart. */
const DENY_ORDER: readonly DecidingPolicy[] = ['rcp', 'scp', 'resource', 'identity', 'boundary', 'session'];

export interface PolicySetInput {
  identity?: readonly CompiledPolicy[];
  /** Undefined: the principal has no permissions boundary. */
  boundary?: readonly CompiledPolicy[];
  /** Undefined: not a session with session policies. */
  session?: readonly CompiledPolicy[];
  /** One entry per level of the organization (root, OUs, account); each level must allow. */
  scp?: readonly (readonly CompiledPolicy[])[];
  rcp?: readonly (readonly CompiledPolicy[])[];
  resource?: CompiledPolicy;
  /** The account that owns the resource; defaults to the caller's account. */
  resourceOwner?: string;
  /**
   * The resource-based policy must itself allow (role trust policies, KMS key policies): an
   * identity-based allow alone is not enough (…policy-eval-denyallow.html, "Resource-based policies").
   */
  resourcePolicyRequired?: boolean;
  /** The account's root user: its identity-based permissions are everything in its account. */
  identityAllowsAll?: boolean;
}

/** A policy set compiled once and indexed per action; evaluate it many times. */
export class PolicySet {
  readonly identity?: StatementIndex;
  readonly boundary?: StatementIndex;
  readonly session?: StatementIndex;
  readonly scp: readonly StatementIndex[];
  readonly rcp: readonly StatementIndex[];
  readonly resource?: StatementIndex;
  readonly resourceOwner?: string;
  readonly resourcePolicyRequired: boolean;
  readonly identityAllowsAll: boolean;

  constructor(input: PolicySetInput) {
    this.identity = input.identity ? new StatementIndex(input.identity) : undefined;
    this.boundary = input.boundary ? new StatementIndex(input.boundary) : undefined;
    this.session = input.session ? new StatementIndex(input.session) : undefined;
    this.scp = (input.scp ?? []).map((level) => new StatementIndex(level));
    this.rcp = (input.rcp ?? []).map((level) => new StatementIndex(level));
    this.resource = input.resource ? resourceIndex(input.resource) : undefined;
    this.resourceOwner = input.resourceOwner;
    this.resourcePolicyRequired = input.resourcePolicyRequired === true;
    this.identityAllowsAll = input.identityAllowsAll === true;
  }

  /**
   * The same principal-side policies against another resource policy: the indexes (and what
   * they learned per action) are shared, so a server can cache one set per principal.
   */
  withResource(resource: CompiledPolicy | undefined, owner: string | undefined, required = false): PolicySet {
    const copy = Object.create(PolicySet.prototype) as PolicySet;
    return Object.assign(copy, this, {
      resource: resource ? resourceIndex(resource) : undefined,
      resourceOwner: owner,
      resourcePolicyRequired: required,
    });
  }
}

const RESOURCE_INDEXES = new WeakMap<CompiledPolicy, StatementIndex>();

/** Resource policies are shared by every caller: one index per compiled policy. */
function resourceIndex(policy: CompiledPolicy): StatementIndex {
  let index = RESOURCE_INDEXES.get(policy);
  if (!index) {
    index = new StatementIndex([policy]);
    RESOURCE_INDEXES.set(policy, index);
  }
  return index;
}

export interface EvaluationRequest {
  caller: Caller;
  /** `service:Action` as the caller named it; compared case-insensitively. */
  action: string;
  /** The resource ARN, or `*` for actions without a resource. */
  resource: string;
  keys: RequestContextKeys;
}

/** What each policy kind said, as the simulator reports it. Absent kinds are undefined. */
export type PolicyDecisions = Partial<Record<DecidingPolicy, Decision>>;

export interface Evaluation {
  decision: Decision;
  /** Which kind of policy decided a denial (undefined when allowed). */
  decidedBy?: DecidingPolicy;
  /** Only with `explain`: every statement that applied to the request, allows and denies. */
  matched?: CompiledStatement[];
  /** Only with `explain`: context keys that conditions referenced and the request lacked. */
  missing?: string[];
  /** Only with `explain`: the verdict of each policy kind present. */
  details?: PolicyDecisions;
}

/**
 * A group's verdict packed in a small integer so that the hot path allocates nothing:
 * bit 0 an Allow applied, bit 1 a Deny applied, bits 2–3 the strongest grant (resource policies).
 */
type Verdict = number;
const ALLOW = 1;
const DENY = 2;
const GRANT_SHIFT = 2;
const GRANT_CODE: Record<PrincipalMatch, number> = { account: 1, role: 2, direct: 3 };
const GRANT_OF: readonly (PrincipalMatch | undefined)[] = [undefined, 'account', 'role', 'direct'];

const allows = (v: Verdict | undefined) => v !== undefined && (v & ALLOW) !== 0;
const denies = (v: Verdict | undefined) => v !== undefined && (v & DENY) !== 0;

interface Trace {
  matched: CompiledStatement[];
  missing: Set<string>;
}

function judge(
  index: StatementIndex,
  req: EvaluationRequest,
  actionLower: string,
  hasBoundary: boolean,
  trace: Trace | undefined,
): Verdict {
  let verdict = 0;
  let grant = 0;
  const statements = index.forAction(actionLower);
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    if (!s.matchesResource(req.resource, req.keys)) continue;
    const how = s.matchesPrincipal(req.caller, hasBoundary);
    if (how === undefined) continue;
    if (s.condition) {
      const outcome = s.condition.evaluate(req.keys);
      if (trace) for (const k of outcome.missing) trace.missing.add(k);
      if (!outcome.matched) continue;
    }
    if (trace) trace.matched.push(s);
    if (s.effect === 'Deny') {
      verdict |= DENY;
      if (!trace) return verdict;
    } else {
      verdict |= ALLOW;
      if (GRANT_CODE[how] > grant) grant = GRANT_CODE[how];
    }
  }
  return verdict | (grant << GRANT_SHIFT);
}

/** Every level must allow; a deny at any level is a deny. */
function judgeLevels(
  levels: readonly StatementIndex[],
  req: EvaluationRequest,
  actionLower: string,
  hasBoundary: boolean,
  trace: Trace | undefined,
): Verdict | undefined {
  if (levels.length === 0) return undefined;
  let all = ALLOW;
  for (const level of levels) {
    const v = judge(level, req, actionLower, hasBoundary, trace);
    if ((v & DENY) !== 0) all |= DENY;
    if ((v & ALLOW) === 0) all &= ~ALLOW;
  }
  return all;
}

function decisionOf(v: Verdict | undefined): Decision | undefined {
  if (v === undefined) return undefined;
  return (v & DENY) !== 0 ? 'explicitDeny' : (v & ALLOW) !== 0 ? 'allowed' : 'implicitDeny';
}

type Verdicts = Record<DecidingPolicy, Verdict | undefined>;

/** Shared, frozen verdicts: the fast path returns one of these and allocates nothing. */
const ALLOWED: Evaluation = Object.freeze({ decision: 'allowed' });
const frozenBy = (decision: Decision) =>
  Object.fromEntries(DENY_ORDER.map((k) => [k, Object.freeze({ decision, decidedBy: k })])) as Record<
    DecidingPolicy,
    Evaluation
  >;
const EXPLICIT = frozenBy('explicitDeny');
const IMPLICIT = frozenBy('implicitDeny');

/** The explained evaluation: the verdict plus what the trace saw. */
function explained(
  set: PolicySet,
  verdicts: Verdicts,
  trace: Trace,
  principalSide: boolean,
  verdict: Evaluation,
): Evaluation {
  const details: PolicyDecisions = {};
  for (const k of DENY_ORDER) {
    const d = decisionOf(verdicts[k]);
    if (d) details[k] = d;
  }
  if (set.identityAllowsAll && principalSide && details.identity !== 'explicitDeny')
    details.identity = 'allowed';
  return { ...verdict, matched: trace.matched, missing: [...trace.missing], details };
}

const ACTION_LOWER = new Map<string, string>();

function lowerAction(action: string): string {
  let lower = ACTION_LOWER.get(action);
  if (lower === undefined) {
    lower = action.toLowerCase();
    // IAM's ActionNameType holds 128 characters at most: a longer name is not kept.
    if (action.length > 128) return lower;
    if (ACTION_LOWER.size > 4096) ACTION_LOWER.clear();
    ACTION_LOWER.set(action, lower);
  }
  return lower;
}

/** AWS's decision for one request. `explain` adds matched statements, missing keys and details. */
export function evaluate(set: PolicySet, req: EvaluationRequest, explain = false): Evaluation {
  const actionLower = lowerAction(req.action);
  // Authenticated callers only: an anonymous request never reaches these operations.
  if (needsNoPermission(actionLower) && req.caller.kind !== 'Anonymous') {
    return explain ? { ...ALLOWED, matched: [], missing: [], details: {} } : ALLOWED;
  }
  const trace: Trace | undefined = explain ? { matched: [], missing: new Set() } : undefined;
  const caller = req.caller;
  const hasBoundary = set.boundary !== undefined;
  const principalSide = caller.kind !== 'Service' && caller.kind !== 'Anonymous';

  const v: Verdicts = {
    rcp: judgeLevels(set.rcp, req, actionLower, hasBoundary, trace),
    // SCPs restrict principals of the organization's accounts, never service principals.
    scp: principalSide ? judgeLevels(set.scp, req, actionLower, hasBoundary, trace) : undefined,
    resource: set.resource ? judge(set.resource, req, actionLower, hasBoundary, trace) : undefined,
    identity:
      principalSide && set.identity ? judge(set.identity, req, actionLower, hasBoundary, trace) : undefined,
    boundary:
      principalSide && set.boundary ? judge(set.boundary, req, actionLower, hasBoundary, trace) : undefined,
    session:
      principalSide && set.session ? judge(set.session, req, actionLower, hasBoundary, trace) : undefined,
  };
  const verdict = decide(set, v, caller, principalSide);
  return trace ? explained(set, v, trace, principalSide, verdict) : verdict;
}

/** The evaluation flow's verdict from each policy kind's verdict. */
function decide(set: PolicySet, v: Verdicts, caller: Caller, principalSide: boolean): Evaluation {
  for (const kind of DENY_ORDER) if (denies(v[kind])) return EXPLICIT[kind];
  if (v.rcp !== undefined && !allows(v.rcp)) return IMPLICIT.rcp;
  if (v.scp !== undefined && !allows(v.scp)) return IMPLICIT.scp;

  const grant = allows(v.resource) ? GRANT_OF[(v.resource as number) >> GRANT_SHIFT] : undefined;
  if (!principalSide) return grant ? ALLOWED : IMPLICIT.resource;

  const identityAllows = set.identityAllowsAll || allows(v.identity);
  const boundaryAllows = v.boundary === undefined || allows(v.boundary);
  const sessionAllows = v.session === undefined || allows(v.session);
  const owner = set.resourceOwner ?? caller.account;
  const sameAccount = owner === caller.account;

  if (sameAccount) {
    // Within one account, a resource-based grant to the caller itself stands alone; one to the
    // role behind a session is still bounded by the boundary and session policies.
    if (grant === 'direct') return ALLOWED;
    if (grant === 'role') {
      if (!boundaryAllows) return IMPLICIT.boundary;
      if (!sessionAllows) return IMPLICIT.session;
      return ALLOWED;
    }
    if (set.resourcePolicyRequired && !grant) return IMPLICIT.resource;
  }
  if (!identityAllows) return IMPLICIT.identity;
  if (!boundaryAllows) return IMPLICIT.boundary;
  if (!sessionAllows) return IMPLICIT.session;
  if (!sameAccount && !grant) return IMPLICIT.resource;
  return ALLOWED;
}
