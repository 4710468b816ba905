/**
 * A simulation run that keeps what it built: batches (`policy simulate --jsonl`) send the same
 * policies on line after line. Kept for the run:
 * - the policy set of the previous request, reused while the next names the same policies (the
 *   texts compared, not compiled again), and the sets of earlier ones by the identity of their
 *   compiled policies, which the policy cache (policy-cache.ts) keeps by text — with the
 *   per-action indexes each set learns (statement-index.ts);
 * - callers by CallerArn, and the context keys of requests that pass no ContextEntries.
 * A line then costs its own JSON and the evaluation.
 */
import type { CompiledPolicy } from './compile.js';
import { PolicySet, type PolicySetInput } from './evaluate.js';
import {
  keysOf,
  policySetInput,
  resolveCaller,
  simulate,
  type EvaluationResult,
  type PolicyText,
  type SimulationInput,
  type SimulationParts,
} from './simulate.js';
import type { Caller, RequestContextKeys } from './types.js';

/** Policy sets, callers and key maps kept at most: a run over many distinct ones drops the oldest. */
const MAX_KEPT = 1024;

function keep<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MAX_KEPT) map.delete(map.keys().next().value as string);
  map.set(key, value);
  return value;
}

const sameTexts = (a: readonly PolicyText[] | undefined, b: readonly PolicyText[] | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]));

const sameLevels = (a: readonly PolicyText[][] | undefined, b: readonly PolicyText[][] | undefined) =>
  a === b ||
  (a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => sameTexts(x, b[i])));

/** The request's members a policy set is built from (with the caller's account and kind). */
function samePolicies(a: SimulationInput, b: SimulationInput): boolean {
  return (
    a.CallerArn === b.CallerArn &&
    a.ResourceOwner === b.ResourceOwner &&
    a.ResourcePolicyRequired === b.ResourcePolicyRequired &&
    a.ResourcePolicy === b.ResourcePolicy &&
    sameTexts(a.PolicyInputList, b.PolicyInputList) &&
    sameTexts(a.PermissionsBoundaryPolicyInputList, b.PermissionsBoundaryPolicyInputList) &&
    sameTexts(a.SessionPolicyInputList, b.SessionPolicyInputList) &&
    sameLevels(a.ServiceControlPolicyInputList, b.ServiceControlPolicyInputList) &&
    sameLevels(a.ResourceControlPolicyInputList, b.ResourceControlPolicyInputList)
  );
}

export class Simulator {
  private readonly ids = new WeakMap<CompiledPolicy, number>();
  private nextId = 1;
  private readonly sets = new Map<string, PolicySet>();
  private readonly callers = new Map<string, Caller>();
  private readonly callerKeys = new Map<string, RequestContextKeys>();
  private last: { input: SimulationInput; set: PolicySet } | undefined;
  private built = 0;

  private readonly parts: SimulationParts = {
    callerOf: (input) => {
      if (input.CallerArn === undefined) return resolveCaller(input);
      return this.callers.get(input.CallerArn) ?? keep(this.callers, input.CallerArn, resolveCaller(input));
    },
    setOf: (input, caller) => this.policySet(input, caller),
    // Evaluation only reads the keys: a request without ContextEntries shares its caller's.
    keysOf: (input, caller) => {
      if (input.ContextEntries?.length || input.CallerArn === undefined) return keysOf(input, caller);
      return (
        this.callerKeys.get(input.CallerArn) ?? keep(this.callerKeys, input.CallerArn, keysOf(input, caller))
      );
    },
  };

  private id(p: CompiledPolicy | undefined): number {
    if (p === undefined) return 0;
    let id = this.ids.get(p);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(p, id);
    }
    return id;
  }

  private key(s: PolicySetInput): string {
    const list = (ps: readonly CompiledPolicy[] | undefined) =>
      ps ? ps.map((p) => this.id(p)).join(',') : '-';
    return [
      list(s.identity),
      list(s.boundary),
      list(s.session),
      (s.scp ?? []).map(list).join('/'),
      (s.rcp ?? []).map(list).join('/'),
      this.id(s.resource),
      s.resourceOwner ?? '',
      s.resourcePolicyRequired ? 1 : 0,
      s.identityAllowsAll ? 1 : 0,
    ].join('|');
  }

  private policySet(input: SimulationInput, caller: Caller): PolicySet {
    if (this.last && samePolicies(this.last.input, input)) return this.last.set;
    const compiled = policySetInput(input, caller);
    const key = this.key(compiled);
    let set = this.sets.get(key);
    if (set === undefined) {
      set = keep(this.sets, key, new PolicySet(compiled));
      this.built++;
    }
    this.last = { input, set };
    return set;
  }

  /** Policy sets built so far in this run (for tests: the work a batch costs). */
  setsBuilt(): number {
    return this.built;
  }

  simulate(input: SimulationInput): { EvaluationResults: EvaluationResult[] } {
    return simulate(input, this.parts);
  }
}
