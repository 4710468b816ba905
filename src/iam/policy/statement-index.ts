/**
 * The statements of a group of policies, indexed by action on first use. A service asks about a
 * few hundred distinct actions at most, so after warm-up a request touches only the statements
 * that can apply to its action instead of every statement of every policy.
 */
import type { CompiledPolicy, CompiledStatement } from './compile.js';

/** Bounds memory when callers send many distinct (possibly bogus) action names. */
const MAX_CACHED_ACTIONS = 4096;
/** IAM's ActionNameType holds 128 characters at most: a longer name is answered but not kept. */
const MAX_CACHED_ACTION_LENGTH = 128;

export class StatementIndex {
  readonly policies: readonly CompiledPolicy[];
  private readonly all: readonly CompiledStatement[];
  private readonly byAction = new Map<string, readonly CompiledStatement[]>();

  constructor(policies: readonly CompiledPolicy[]) {
    this.policies = policies;
    this.all = policies.flatMap((p) => p.statements);
  }

  /** Statements whose Action/NotAction covers `actionLower`, in document order. */
  forAction(actionLower: string): readonly CompiledStatement[] {
    let hit = this.byAction.get(actionLower);
    if (hit === undefined) {
      hit = this.all.filter((s) => s.matchesAction(actionLower));
      if (actionLower.length > MAX_CACHED_ACTION_LENGTH) return hit;
      if (this.byAction.size >= MAX_CACHED_ACTIONS) this.byAction.clear();
      this.byAction.set(actionLower, hit);
    }
    return hit;
  }
}
