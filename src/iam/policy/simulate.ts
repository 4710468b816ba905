/**
 * Simulation in the shape of IAM's SimulateCustomPolicy / SimulatePrincipalPolicy
 * (API_SimulateCustomPolicy.html, API_EvaluationResult.html, API_ResourceSpecificResult.html),
 * extended with session policies, SCP and RCP levels, and any principal as the caller.
 */
import { parseArn } from './arn.js';
import { addCallerKeys, callerFromArn } from './caller.js';
import type { CompiledPolicy, CompiledStatement } from './compile.js';
import { evaluate, PolicySet, type Evaluation, type PolicySetInput } from './evaluate.js';
import { compilePolicyText } from './policy-cache.js';
import { isPartition } from './partitions.js';
import { isRoleTrustAction, parseRoleArn } from './role-trust.js';
import type {
  Caller,
  ContextKeyType,
  ContextValue,
  Decision,
  PolicyType,
  RequestContextKeys,
} from './types.js';

export interface ContextEntry {
  ContextKeyName: string;
  ContextKeyValues: string[];
  ContextKeyType: string;
}

/** Policies are given as text, as IAM takes them; a policy already compiled may stand in for one. */
export type PolicyText = string | CompiledPolicy;

export interface SimulationInput {
  PolicyInputList?: PolicyText[];
  PermissionsBoundaryPolicyInputList?: PolicyText[];
  SessionPolicyInputList?: PolicyText[];
  ServiceControlPolicyInputList?: PolicyText[][];
  ResourceControlPolicyInputList?: PolicyText[][];
  ResourcePolicy?: PolicyText;
  ResourceOwner?: string;
  CallerArn?: string;
  /**
   * The partition to simulate in, when the caller knows it (IAM's server: the request's); else it
   * comes from CallerArn or ResourceOwner.
   */
  Partition?: string;
  ActionNames: string[];
  ResourceArns?: string[];
  ContextEntries?: ContextEntry[];
  /** A role trust policy as ResourcePolicy: it must allow by itself (sts:AssumeRole). */
  ResourcePolicyRequired?: boolean;
  /** Whose policies PolicyInputList holds, for MatchedStatements' SourcePolicyType. */
  PolicySourceType?: SourcePolicyType;
  /**
   * Without a ResourcePolicy, the trust policy of a role as stored (the IAM API's simulator reads
   * the account's roles): `null` when no such role exists, which then trusts no one, as AssumeRole
   * on a missing role is denied; undefined when the caller knows no roles (the CLI).
   */
  TrustPolicyOf?: (roleArn: string) => PolicyText | null | undefined;
}

export type SourcePolicyType =
  'user' | 'group' | 'role' | 'aws-managed' | 'user-managed' | 'resource' | 'none';

export interface MatchedStatement {
  SourcePolicyId: string;
  SourcePolicyType: SourcePolicyType;
  StartPosition: { Line: number; Column: number };
  EndPosition: { Line: number; Column: number };
}

export interface ResourceSpecificResult {
  EvalResourceName: string;
  EvalResourceDecision: Decision;
  MatchedStatements: MatchedStatement[];
  MissingContextValues: string[];
  EvalDecisionDetails?: Record<string, Decision>;
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary: boolean };
}

export interface EvaluationResult {
  EvalActionName: string;
  EvalResourceName: string;
  EvalDecision: Decision;
  MatchedStatements: MatchedStatement[];
  MissingContextValues: string[];
  OrganizationsDecisionDetail?: { AllowedByOrganizations: boolean };
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary: boolean };
  EvalDecisionDetails?: Record<string, Decision>;
  ResourceSpecificResults?: ResourceSpecificResult[];
}

/** A simulation input IAM refuses: AWS's error code and message. */
export class SimulationInputError extends Error {
  constructor(
    readonly code: 'InvalidInput' | 'MalformedPolicyDocument' | 'LimitExceeded',
    message: string,
  ) {
    super(message);
  }
}

const KEY_TYPES = new Set(['string', 'numeric', 'boolean', 'ip', 'binary', 'date']);
const ACCOUNT_ROOT = /^arn:[a-z-]+:iam::(\d{12}):root$/;

/** ContextEntries → the request's context keys (lower-cased names, values as strings). */
export function contextFromEntries(entries: readonly ContextEntry[] = []): RequestContextKeys {
  const keys: RequestContextKeys = new Map();
  for (const e of entries) {
    const typeName = e.ContextKeyType ?? 'string';
    const list = typeName.endsWith('List');
    const base = list ? typeName.slice(0, -4) : typeName;
    if (!KEY_TYPES.has(base)) {
      throw new SimulationInputError(
        'InvalidInput',
        `Invalid ContextKeyType \`${typeName}\` for \`${e.ContextKeyName}\`.`,
      );
    }
    const value: ContextValue = {
      values: (e.ContextKeyValues ?? []).map(String),
      list,
      type: base as ContextKeyType,
    };
    keys.set(e.ContextKeyName.toLowerCase(), value);
  }
  return keys;
}

/** Compiles the policies of one input list; IAM names each `List.N` (1-based), ResourcePolicy by itself. */
function compileIn(
  prefix: string,
  type: PolicyType,
  texts: readonly PolicyText[] = [],
  partition = 'aws',
): CompiledPolicy[] {
  return texts.map((t, i) => {
    if (typeof t !== 'string') return t;
    const id = prefix === 'ResourcePolicy' ? prefix : `${prefix}.${i + 1}`;
    const r = compilePolicyText(id, type, t, {
      partition,
      ...(type === 'identity' ? { inlineOwner: 'role' as const } : {}),
    });
    if (!r.ok) throw new SimulationInputError(r.code, r.message);
    return r.policy;
  });
}

function ownerAccount(input: SimulationInput, caller: Caller | undefined): string | undefined {
  if (input.ResourceOwner) {
    const m = ACCOUNT_ROOT.exec(input.ResourceOwner);
    if (m) return m[1];
    if (/^\d{12}$/.test(input.ResourceOwner)) return input.ResourceOwner;
    throw new SimulationInputError('InvalidInput', `Invalid ResourceOwner \`${input.ResourceOwner}\`.`);
  }
  return caller?.account;
}

export function resolveCaller(input: SimulationInput): Caller {
  if (input.CallerArn) {
    const caller = callerFromArn(input.CallerArn);
    if (!caller) throw new SimulationInputError('InvalidInput', `Invalid CallerArn \`${input.CallerArn}\`.`);
    return caller;
  }
  if (input.ResourcePolicy !== undefined) {
    // API_SimulateCustomPolicy.html: CallerArn is required with a ResourcePolicy.
    throw new SimulationInputError('InvalidInput', 'CallerArn is required if you include a ResourcePolicy.');
  }
  // Without a caller, the identity policies are those of an anonymous IAM principal of the
  // resource owner's account: only Principal-free policies are evaluated, so no ARN is needed.
  const account = input.ResourceOwner ? ownerAccount(input, undefined) : undefined;
  const arn = account ? `arn:${simulationPartition(input)}:iam::${account}:user/*` : '';
  return { kind: 'User', arn, account: account ?? '' };
}

/**
 * The partition a simulation runs in: the one given, else the CallerArn's, else the ResourceOwner's,
 * else `aws`.
 * Its policies' resources and principals are validated in it, so a GovCloud caller's policies may
 * name `arn:aws-us-gov:…` (and `arn:aws:…` is then "not valid", as IAM in GovCloud answers).
 */
export function simulationPartition(
  input: Pick<SimulationInput, 'CallerArn' | 'ResourceOwner' | 'Partition'>,
): string {
  if (input.Partition !== undefined) return input.Partition;
  for (const arn of [input.CallerArn, input.ResourceOwner]) {
    const partition = arn === undefined ? undefined : parseArn(arn)?.partition;
    if (partition !== undefined && isPartition(partition)) return partition;
  }
  return 'aws';
}

/** The policy set of a simulation, compiled (and cached by content). */
export function policySetOf(input: SimulationInput, caller: Caller): PolicySet {
  return new PolicySet(policySetInput(input, caller));
}

/** The compiled policies of a simulation, as a PolicySet is built from them. */
export function policySetInput(input: SimulationInput, caller: Caller): PolicySetInput {
  const partition = simulationPartition(input);
  const compileList = (prefix: string, type: PolicyType, texts?: readonly PolicyText[]) =>
    compileIn(prefix, type, texts, partition);
  const resource =
    input.ResourcePolicy === undefined
      ? undefined
      : compileList('ResourcePolicy', input.ResourcePolicyRequired ? 'trust' : 'resource', [
          input.ResourcePolicy,
        ])[0];
  return {
    identity: compileList('PolicyInputList', 'identity', input.PolicyInputList),
    boundary: input.PermissionsBoundaryPolicyInputList?.length
      ? compileList(
          'PermissionsBoundaryPolicyInputList',
          'boundary',
          input.PermissionsBoundaryPolicyInputList,
        )
      : undefined,
    session: input.SessionPolicyInputList?.length
      ? compileList('SessionPolicyInputList', 'session', input.SessionPolicyInputList)
      : undefined,
    scp: (input.ServiceControlPolicyInputList ?? []).map((level, i) =>
      compileList(`ServiceControlPolicyInputList.${i + 1}`, 'scp', level),
    ),
    rcp: (input.ResourceControlPolicyInputList ?? []).map((level, i) =>
      compileList(`ResourceControlPolicyInputList.${i + 1}`, 'rcp', level),
    ),
    resource,
    resourceOwner: ownerAccount(input, caller),
    resourcePolicyRequired: input.ResourcePolicyRequired,
    identityAllowsAll: caller.kind === 'Account',
  };
}

function sourceType(s: CompiledStatement, input: SimulationInput): SourcePolicyType {
  if (s.policy.type === 'resource' || s.policy.type === 'trust') return 'resource';
  return s.policy.type === 'identity' ? (input.PolicySourceType ?? 'none') : 'none';
}

/** The statements that decided: denies for an explicit deny, allows for an allow, none otherwise. */
function matchedStatements(ev: Evaluation, input: SimulationInput): MatchedStatement[] {
  if (ev.decision === 'implicitDeny') return [];
  const effect = ev.decision === 'allowed' ? 'Allow' : 'Deny';
  const out: MatchedStatement[] = [];
  for (const s of ev.matched ?? [])
    if (s.effect === effect) out.push(matchedStatement(s, sourceType(s, input)));
  return out;
}

const MATCHED = new WeakMap<CompiledStatement, Partial<Record<SourcePolicyType, MatchedStatement>>>();

/** A statement as MatchedStatements lists it; one shared object per statement and source type. */
function matchedStatement(s: CompiledStatement, type: SourcePolicyType): MatchedStatement {
  let byType = MATCHED.get(s);
  if (!byType) MATCHED.set(s, (byType = {}));
  return (byType[type] ??= Object.freeze({
    SourcePolicyId: s.policy.id,
    SourcePolicyType: type,
    StartPosition: Object.freeze({ Line: s.start.line, Column: s.start.column }),
    EndPosition: Object.freeze({ Line: s.end.line, Column: s.end.column }),
  }));
}

/** API_EvaluationResult.html: EvalDecisionDetails is filled for cross-account simulations only. */
function decisionDetails(ev: Evaluation, crossAccount: boolean): Record<string, Decision> {
  if (!crossAccount || !ev.details) return {};
  const out: Record<string, Decision> = {};
  if (ev.details.identity) out['IAM Policy'] = ev.details.identity;
  if (ev.details.resource) out['Resource Policy'] = ev.details.resource;
  return out;
}

/**
 * For an sts:AssumeRole* action on a role ARN, the simulated ResourcePolicy is that role's trust
 * policy, decided as the server decides it (role-trust.ts): it must allow by itself, and the role's
 * account owns it unless ResourceOwner says otherwise. Any other request keeps the set as it is.
 */
export function trustSet(
  set: PolicySet,
  input: SimulationInput,
  action: string,
  resource: string,
): PolicySet {
  if (set.resourcePolicyRequired || !isRoleTrustAction(action)) return set;
  const role = parseRoleArn(resource);
  if (!role) return set;
  const owner = input.ResourceOwner ? set.resourceOwner : role.account;
  if (input.ResourcePolicy !== undefined) return set.withResource(set.resource?.policies[0], owner, true);
  const stored = input.TrustPolicyOf?.(resource);
  if (stored === undefined) return set;
  return set.withResource(storedTrust(resource, stored), role.account, true);
}

/** A stored trust policy compiled under the role's ARN; one that no longer compiles trusts no one. */
function storedTrust(roleArn: string, stored: PolicyText | null): CompiledPolicy | undefined {
  if (stored === null || typeof stored !== 'string') return stored ?? undefined;
  const r = compilePolicyText(roleArn, 'trust', stored, { partition: parseArn(roleArn)?.partition });
  return r.ok ? r.policy : undefined;
}

/** Runs the simulation: one EvaluationResult per action and resource, in the order given. */
/** How a simulation gets its caller, policy set and context keys; a run (simulator.ts) keeps them. */
export interface SimulationParts {
  callerOf(input: SimulationInput): Caller;
  setOf(input: SimulationInput, caller: Caller): PolicySet;
  keysOf(input: SimulationInput, caller: Caller): RequestContextKeys;
}

/** The request's context keys: its ContextEntries, plus those AWS derives from the caller. */
export function keysOf(input: SimulationInput, caller: Caller): RequestContextKeys {
  const keys = contextFromEntries(input.ContextEntries);
  if (input.CallerArn) addCallerKeys(keys, caller);
  return keys;
}

const FRESH: SimulationParts = { callerOf: resolveCaller, setOf: policySetOf, keysOf };

export function simulate(
  input: SimulationInput,
  parts: SimulationParts = FRESH,
): { EvaluationResults: EvaluationResult[] } {
  if (!input.ActionNames || input.ActionNames.length === 0) {
    throw new SimulationInputError('InvalidInput', 'ActionNames must contain at least one action.');
  }
  const caller = parts.callerOf(input);
  const set = parts.setOf(input, caller);
  const keys = parts.keysOf(input, caller);
  const resources = input.ResourceArns && input.ResourceArns.length > 0 ? input.ResourceArns : undefined;
  const hasBoundary = set.boundary !== undefined;
  const hasScp = set.scp.length > 0;

  const results: EvaluationResult[] = [];
  for (const action of input.ActionNames) {
    for (const resource of resources ?? ['*']) {
      const decidingSet = trustSet(set, input, action, resource);
      const crossAccount =
        decidingSet.resourceOwner !== undefined && caller.account !== decidingSet.resourceOwner;
      const ev = evaluate(decidingSet, { caller, action, resource, keys }, true);
      const matched = matchedStatements(ev, input);
      const missing = ev.missing ?? [];
      const result: EvaluationResult = {
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: ev.decision,
        MatchedStatements: matched,
        MissingContextValues: resources ? [] : missing,
      };
      if (hasScp)
        result.OrganizationsDecisionDetail = { AllowedByOrganizations: ev.details?.scp === 'allowed' };
      const boundary = hasBoundary
        ? { AllowedByPermissionsBoundary: ev.details?.boundary === 'allowed' }
        : undefined;
      if (boundary) result.PermissionsBoundaryDecisionDetail = boundary;
      // An SCP that denies ends the simulation before the other details (API_EvaluationResult.html).
      const scpDenied = hasScp && ev.decidedBy === 'scp';
      if (resources && !scpDenied) {
        result.EvalDecisionDetails = decisionDetails(ev, crossAccount);
        const specific: ResourceSpecificResult = {
          EvalResourceName: resource,
          EvalResourceDecision: ev.decision,
          MatchedStatements: matched,
          MissingContextValues: missing,
          EvalDecisionDetails: decisionDetails(ev, crossAccount),
        };
        if (boundary) specific.PermissionsBoundaryDecisionDetail = boundary;
        result.ResourceSpecificResults = [specific];
      }
      results.push(result);
    }
  }
  return { EvaluationResults: results };
}
