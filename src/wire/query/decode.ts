/**
 * awsQuery request decoding: flat `key=value` pairs into nested input objects.
 * `Tags.member.1.Key=k` → `{Tags: [{Key: 'k'}]}`; `Attributes.entry.1.key=a&…value=b` →
 * `{Attributes: {a: 'b'}}`; `A.B=c` → `{A: {B: 'c'}}`. Values stay strings: the model types them
 * (src/wire/model/decode-input.ts). An empty list is sent as `Tags=` and decodes to `''`.
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 *
 * Bounded work: pairs are read one at a time and counted, keys are limited in length and depth,
 * and the tree is turned into objects without recursion, so no input can exhaust the stack or the
 * heap. Past a bound the request is refused with AWS's InvalidQueryParameter.
 */
import { unescape } from 'node:querystring';
import { invalidQueryParameter } from '../errors.js';

/**
 * Pinpost's own bounds (AWS documents none). The models' deepest keys have 6 segments
 * (SES SendBulkTemplatedEmail `Destinations.member.1.Destination.ToAddresses.member.1`) and are
 * under 100 characters; the most pairs a valid request sends is about 7,600 (SendBulkTemplatedEmail:
 * 50 destinations of 50 recipients and 50 replacement tags each).
 */
export const QUERY_LIMITS = { maxPairs: 20_000, maxKeyLength: 512, maxDepth: 16 } as const;

type Node = { value?: string; children: Map<string, Node> };

const node = (): Node => ({ children: new Map() });

/** `application/x-www-form-urlencoded` decoding of one component: `+` is a space, bad escapes stay. */
function decodeComponent(text: string): string {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  return spaced.includes('%') ? unescape(spaced) : spaced;
}

/**
 * Decodes form text (or a query string) into pairs, lazily; throws InvalidQueryParameter past
 * QUERY_LIMITS.maxPairs. Empty segments (`a=1&&b=2`) are skipped, as URLSearchParams does.
 */
export function* formPairs(text: string): Generator<[string, string]> {
  let start = 0;
  let count = 0;
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end < 0) end = text.length;
    if (end > start) {
      if (++count > QUERY_LIMITS.maxPairs) throw invalidQueryParameter();
      const eq = text.indexOf('=', start);
      const split = eq >= 0 && eq < end ? eq : end;
      yield [decodeComponent(text.slice(start, split)), decodeComponent(text.slice(split + 1, end))];
    }
    start = end + 1;
  }
}

export function decodeQueryParams(pairs: Iterable<[string, string]>): Record<string, unknown> {
  const root = node();
  for (const [key, value] of pairs) {
    if (key.length > QUERY_LIMITS.maxKeyLength) throw invalidQueryParameter();
    const parts = key.split('.', QUERY_LIMITS.maxDepth + 1);
    if (parts.length > QUERY_LIMITS.maxDepth) throw invalidQueryParameter();
    let at = root;
    for (const part of parts) {
      let next = at.children.get(part);
      if (!next) at.children.set(part, (next = node()));
      at = next;
    }
    at.value = value;
  }
  return toValue(root) as Record<string, unknown>;
}

/** How a node is shaped: a leaf, a `member` list, an `entry` map, or a structure. */
function shapeOf(n: Node): 'leaf' | 'list' | 'map' | 'struct' {
  if (n.children.size === 0) return 'leaf';
  if (n.children.size === 1 && n.children.has('member')) return 'list';
  if (n.children.size === 1 && n.children.has('entry')) return 'map';
  return 'struct';
}

/** One unit of work: build `node`'s value, then hand it to `put`. */
type Task = { n: Node; put: (v: unknown) => void };

/**
 * The tree to plain values, with an explicit work list instead of recursion. Containers are created
 * and filled in place; a child's value is placed through its `put`, so order is kept.
 */
function toValue(rootNode: Node): unknown {
  let result: unknown;
  const work: Task[] = [{ n: rootNode, put: (v) => (result = v) }];
  while (work.length > 0) {
    const { n, put } = work.pop()!;
    const shape = n === rootNode ? 'struct' : shapeOf(n);
    if (shape === 'leaf') {
      put(n.value ?? '');
    } else if (shape === 'list') {
      const members = indexed(n.children.get('member')!);
      const list: unknown[] = new Array(members.length);
      put(list);
      members.forEach((m, i) => work.push({ n: m, put: (v) => (list[i] = v) }));
    } else if (shape === 'map') {
      const map: Record<string, unknown> = {};
      put(map);
      for (const e of indexed(n.children.get('entry')!)) {
        const k = e.children.get('key');
        const v = e.children.get('value');
        if (k?.value === undefined) continue;
        const name = k.value;
        // Assigned now so the map keeps the order sent; the value is filled in when its task runs.
        map[name] = '';
        if (v) work.push({ n: v, put: (x) => (map[name] = x) });
      }
    } else {
      const out: Record<string, unknown> = {};
      put(out);
      for (const [name, child] of n.children) {
        out[name] = undefined;
        work.push({ n: child, put: (v) => (out[name] = v) });
      }
    }
  }
  return result;
}

/** `member.1`, `member.2`, … in numeric order (not the order sent). */
function indexed(n: Node): Node[] {
  return [...n.children.entries()]
    .filter(([k]) => /^\d+$/.test(k))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, v]) => v);
}
