/** A hook registered with `Database.afterCommit`, and the savepoint depth it belongs to. */
export interface AfterCommit {
  depth: number;
  fn: () => void | Promise<void>;
  onError?: (err: unknown) => void;
}

/** Runs hooks in the order registered; one that throws is reported and the rest still run. */
export async function runHooks(hooks: readonly AfterCommit[]): Promise<void> {
  for (const h of hooks) {
    try {
      await h.fn();
    } catch (err) {
      h.onError?.(err);
    }
  }
}
