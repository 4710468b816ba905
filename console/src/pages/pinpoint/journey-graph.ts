/**
 * The journey's activity graph laid out for an SVG drawing: each activity in the column of its
 * longest path from StartActivity (a journey is a directed acyclic graph, so the longest path is
 * finite), rows in the order the paths name them, one edge per path out of an activity with the
 * member's meaning as its label (Yes/No for a yes/no split, a branch's number, Default).
 * Activities no path reaches are put after the others, in a column of their own.
 */

/** The parts of a journey Activity the graph reads (@aws-sdk/client-pinpoint's Activity). */
export interface GraphActivity {
  Description?: string;
  EMAIL?: { NextActivity?: string; TemplateName?: string };
  SMS?: { NextActivity?: string };
  PUSH?: { NextActivity?: string };
  CUSTOM?: { NextActivity?: string };
  ContactCenter?: { NextActivity?: string };
  Wait?: { NextActivity?: string };
  Holdout?: { NextActivity?: string; Percentage?: number };
  ConditionalSplit?: { TrueActivity?: string; FalseActivity?: string };
  MultiCondition?: { Branches?: { NextActivity?: string }[]; DefaultActivity?: string };
  RandomSplit?: { Branches?: { NextActivity?: string; Percentage?: number }[] };
}

export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
}

export interface GraphNode {
  id: string;
  /** The member that makes the activity what it is: EMAIL, Wait, ConditionalSplit … */
  kind: string;
  column: number;
  row: number;
  x: number;
  y: number;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 64;
const GAP_X = 60;
const GAP_Y = 28;

const KINDS = [
  'EMAIL',
  'SMS',
  'PUSH',
  'CUSTOM',
  'ContactCenter',
  'Wait',
  'Holdout',
  'ConditionalSplit',
  'MultiCondition',
  'RandomSplit',
] as const;

export function kindOf(a: GraphActivity): string {
  return KINDS.find((k) => a[k] !== undefined) ?? 'Unknown';
}

export function edgesOf(id: string, a: GraphActivity): GraphEdge[] {
  const out: GraphEdge[] = [];
  const add = (to: string | undefined, label?: string) => {
    if (to) out.push({ from: id, to, ...(label !== undefined && { label }) });
  };
  for (const k of ['EMAIL', 'SMS', 'PUSH', 'CUSTOM', 'ContactCenter', 'Wait', 'Holdout'] as const)
    add(a[k]?.NextActivity);
  add(a.ConditionalSplit?.TrueActivity, 'Yes');
  add(a.ConditionalSplit?.FalseActivity, 'No');
  a.MultiCondition?.Branches?.forEach((b, i) => add(b.NextActivity, `Branch ${i + 1}`));
  add(a.MultiCondition?.DefaultActivity, 'Default');
  a.RandomSplit?.Branches?.forEach((b, i) =>
    add(b.NextActivity, b.Percentage !== undefined ? `${b.Percentage}%` : `Branch ${i + 1}`),
  );
  return out;
}

export function layoutJourney(activities: Record<string, GraphActivity>, start?: string): Graph {
  const ids = Object.keys(activities);
  const edges = ids.flatMap((id) => edgesOf(id, activities[id])).filter((e) => e.to in activities);
  const column = new Map<string, number>();
  // Longest path by relaxing edges in topological order (Kahn), from the start activity only.
  if (start && start in activities) {
    const indegree = new Map(ids.map((id) => [id, 0]));
    for (const e of edges) indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
    const queue = ids.filter((id) => indegree.get(id) === 0);
    column.set(start, 0);
    while (queue.length > 0) {
      const id = queue.shift()!;
      for (const e of edges.filter((x) => x.from === id)) {
        const c = column.get(id);
        if (c !== undefined) column.set(e.to, Math.max(column.get(e.to) ?? 0, c + 1));
        indegree.set(e.to, indegree.get(e.to)! - 1);
        if (indegree.get(e.to) === 0) queue.push(e.to);
      }
    }
  }
  const last = Math.max(-1, ...column.values());
  for (const id of ids) if (!column.has(id)) column.set(id, last + 1);
  // Rows: in the order activities are first named, start first.
  const order = [...new Set([...(start ? [start] : []), ...edges.flatMap((e) => [e.from, e.to]), ...ids])];
  const rows = new Map<number, number>();
  const nodes = order
    .filter((id) => id in activities)
    .map((id) => {
      const c = column.get(id)!;
      const r = rows.get(c) ?? 0;
      rows.set(c, r + 1);
      return {
        id,
        kind: kindOf(activities[id]),
        column: c,
        row: r,
        x: c * (NODE_WIDTH + GAP_X),
        y: r * (NODE_HEIGHT + GAP_Y),
      };
    });
  const columns = Math.max(0, ...nodes.map((n) => n.column + 1));
  const maxRows = Math.max(0, ...rows.values());
  return {
    nodes,
    edges,
    width: columns * NODE_WIDTH + Math.max(0, columns - 1) * GAP_X,
    height: maxRows * NODE_HEIGHT + Math.max(0, maxRows - 1) * GAP_Y,
  };
}

/**
 * The figure a node shows from GetJourneyExecutionActivityMetrics' Metrics (keys are per activity
 * type, developerguide/analytics-standard-metrics.html; e.g. ENDPOINT_PRODUCED, SUCCESS, DELIVERED):
 * every metric, sorted, as `KEY: value`.
 */
export function metricLines(metrics: Record<string, string> | undefined): string[] {
  return Object.entries(metrics ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}: ${v}`);
}
