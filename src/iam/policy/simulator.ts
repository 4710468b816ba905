/**
 * A simulation run that keeps what it built: batches (`policy simulate --jsonl`) send the same
 * policies on line after line, so the policy sets built from them — and the per-action indexes
 * those sets learn (statement-index.ts) — are kept by the identity of their compiled policies,
 * which the policy cache (policy-cache.ts) already keeps by text. A line then costs its own JSON,
 * a cache lookup per policy text, and the evaluation.
 */
import type { CompiledPolicy } from './compile.js';
import { PolicySet, type PolicySetInput } from './evaluate.js';
import { policySetInput, simulate, type EvaluationResult, type SimulationInput } from './simulate.js';
import type { Caller } from './types.js';

/** Policy sets kept at most: a run over many distinct policies drops the oldest. */
const MAX_SETS = 1024;

export class Simulator {
  private readonly ids = new WeakMap<CompiledPolicy, number>();
  private nextId = 1;
  private readonly sets = new Map<string, PolicySet>();
  private built = 0;
  private readonly setOf = (input: SimulationInput, caller: Caller) => this.policySet(input, caller);

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
    const compiled = policySetInput(input, caller);
    const key = this.key(compiled);
    let set = this.sets.get(key);
    if (set === undefined) {
      if (this.sets.size >= MAX_SETS) this.sets.delete(this.sets.keys().next().value as string);
      set = new PolicySet(compiled);
      this.built++;
      this.sets.set(key, set);
    }
    return set;
  }

  /** Policy sets built so far in this run (for tests: the work a batch costs). */
  setsBuilt(): number {
    return this.built;
  }

  simulate(input: SimulationInput): { EvaluationResults: EvaluationResult[] } {
    return simulate(input, this.setOf);
  }
}
