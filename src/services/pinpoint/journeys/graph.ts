/**
 * The journey's activity graph: which activity each path leads to (NextActivity, TrueActivity,
 * FalseActivity, a branch's NextActivity, DefaultActivity), and the checks on it that need no
 * store. A journey is a directed acyclic graph: participants move forward from StartActivity and a
 * path that leads back to an earlier activity would loop them forever.
 */
import { badRequest } from '../errors.js';
import type { Activity } from './model.js';

/** One path out of an activity: the member that names the target, and the target's id. */
export interface Edge {
  member: string;
  to: string;
}

/** Every path out of an activity, with the member path (under `Activities.<id>`) naming it. */
export function edges(a: Activity): Edge[] {
  const out: Edge[] = [];
  const add = (member: string, to: string | undefined) => {
    if (to !== undefined) out.push({ member, to });
  };
  for (const kind of ['EMAIL', 'SMS', 'PUSH', 'CUSTOM', 'ContactCenter', 'Wait', 'Holdout'] as const)
    add(`${kind}.NextActivity`, a[kind]?.NextActivity);
  add('ConditionalSplit.TrueActivity', a.ConditionalSplit?.TrueActivity);
  add('ConditionalSplit.FalseActivity', a.ConditionalSplit?.FalseActivity);
  a.MultiCondition?.Branches?.forEach((b, i) =>
    add(`MultiCondition.Branches[${i}].NextActivity`, b.NextActivity),
  );
  add('MultiCondition.DefaultActivity', a.MultiCondition?.DefaultActivity);
  a.RandomSplit?.Branches?.forEach((b, i) => add(`RandomSplit.Branches[${i}].NextActivity`, b.NextActivity));
  return out;
}

/**
 * Every path leads to an activity of the journey. Pinpost's wording (AWS documents none): the
 * member that names the missing activity, and the id it names.
 */
export function checkReferences(activities: Record<string, Activity>): void {
  for (const [id, a] of Object.entries(activities))
    for (const e of edges(a))
      if (!Object.hasOwn(activities, e.to))
        throw badRequest(
          `Activities.${id}.${e.member} refers to activity ${e.to}, which is not in the journey`,
        );
}

/**
 * No path leads back to an activity already on it (depth-first, iterative, linear in activities
 * and paths). Pinpost's wording: the cycle, in path order.
 */
export function checkAcyclic(activities: Record<string, Activity>): void {
  const state = new Map<string, 'open' | 'done'>();
  for (const root of Object.keys(activities).sort()) {
    if (state.has(root)) continue;
    const stack: { id: string; next: string[] }[] = [];
    const enter = (id: string) => {
      state.set(id, 'open');
      stack.push({ id, next: edges(activities[id]).map((e) => e.to) });
    };
    enter(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const to = top.next.shift();
      if (to === undefined) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      if (!Object.hasOwn(activities, to) || state.get(to) === 'done') continue;
      if (state.get(to) === 'open') {
        const path = stack.map((f) => f.id);
        const cycle = [...path.slice(path.indexOf(to)), to];
        throw badRequest(`The journey's activities form a cycle: ${cycle.join(' -> ')}`);
      }
      enter(to);
    }
  }
}
