/**
 * restJson1 routing: the model's `requestUri` templates (`/v2/email/identities/{EmailIdentity}`,
 * greedy `{Key+}`, literal query after `?`) matched against method + path. When several match, the
 * most specific wins (literal segments before labels, labels before greedy labels), as Smithy's
 * routing requires. https://smithy.io/2.0/spec/http-bindings.html#http-trait
 */
import type { HttpBinding, OperationSpec } from '../operation.js';

type Segment = { kind: 'literal'; text: string } | { kind: 'label' | 'greedy'; name: string };

interface Route {
  method: string;
  segments: Segment[];
  /** Literal query the template requires (`?list-type=2` → `list-type` = `2`). */
  query: [string, string][];
  operation: OperationSpec;
  /** Sort key: higher is more specific. */
  rank: number[];
}

export interface RouteMatch {
  operation: OperationSpec;
  labels: Record<string, string>;
}

export function compileTemplate(template: string): { segments: Segment[]; query: [string, string][] } {
  const [path, qs = ''] = template.split('?', 2);
  const segments: Segment[] = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      const m = /^\{([^}+]+)(\+)?\}$/.exec(s);
      if (!m) return { kind: 'literal', text: s };
      return { kind: m[2] ? 'greedy' : 'label', name: m[1] };
    });
  const query = [...new URLSearchParams(qs)];
  return { segments, query };
}

export class Router {
  private readonly routes: Route[] = [];

  /** `httpOf`: an operation's route (its declared `http` unless told otherwise); none: not routed. */
  constructor(
    operations: OperationSpec[],
    httpOf: (op: OperationSpec) => HttpBinding | undefined = (op) => op.http,
  ) {
    for (const operation of operations) {
      const http = httpOf(operation);
      if (!http) continue;
      const { segments, query } = compileTemplate(http.path);
      const rank = segments.map((s) => (s.kind === 'literal' ? 2 : s.kind === 'label' ? 1 : 0));
      this.routes.push({
        method: http.method,
        segments,
        query,
        operation,
        rank: [query.length, ...rank],
      });
    }
    this.routes.sort((a, b) => compareRank(b.rank, a.rank));
  }

  /** `path` still percent-encoded; labels come back decoded. */
  match(method: string, path: string, query: Record<string, string | string[]>): RouteMatch | undefined {
    const parts = path.split('/').filter((s) => s !== '');
    for (const route of this.routes) {
      if (route.method !== method) continue;
      if (!route.query.every(([k, v]) => query[k] !== undefined && (v === '' || query[k] === v))) continue;
      const labels = matchSegments(route.segments, parts);
      if (labels) return { operation: route.operation, labels };
    }
    return undefined;
  }
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    if (seg.kind === 'greedy') {
      // A greedy label takes everything up to the literal segments that follow it.
      const after = segments.length - s - 1;
      const take = parts.length - i - after;
      if (take < 1) return undefined;
      labels[seg.name] = parts
        .slice(i, i + take)
        .map(decode)
        .join('/');
      i += take;
      continue;
    }
    if (i >= parts.length) return undefined;
    const text = decode(parts[i]);
    if (seg.kind === 'literal') {
      if (text !== seg.text) return undefined;
    } else {
      if (text === '') return undefined;
      labels[seg.name] = text;
    }
    i++;
  }
  return i === parts.length ? labels : undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
