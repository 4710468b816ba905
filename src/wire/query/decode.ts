/**
 * awsQuery request decoding: flat `key=value` pairs into nested input objects.
 * `Tags.member.1.Key=k` → `{Tags: [{Key: 'k'}]}`; `Attributes.entry.1.key=a&…value=b` →
 * `{Attributes: {a: 'b'}}`; `A.B=c` → `{A: {B: 'c'}}`. Values stay strings: the model's types are
 * the operation's `parse` to apply. An empty list is sent as `Tags=` and decodes to `''`.
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */

type Node = { value?: string; children: Map<string, Node> };

const node = (): Node => ({ children: new Map() });

/** Decodes `application/x-www-form-urlencoded` text (or a query string) into pairs. */
export function formPairs(text: string): [string, string][] {
  return [...new URLSearchParams(text)];
}

export function decodeQueryParams(pairs: Iterable<[string, string]>): Record<string, unknown> {
  const root = node();
  for (const [key, value] of pairs) {
    let at = root;
    for (const part of key.split('.')) {
      let next = at.children.get(part);
      if (!next) at.children.set(part, (next = node()));
      at = next;
    }
    at.value = value;
  }
  return toObject(root);
}

function toObject(n: Node): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, child] of n.children) out[name] = toValue(child);
  return out;
}

function toValue(n: Node): unknown {
  if (n.children.size === 0) return n.value ?? '';
  const member = n.children.get('member');
  if (member && n.children.size === 1) return indexed(member).map(toValue);
  const entry = n.children.get('entry');
  if (entry && n.children.size === 1) {
    const map: Record<string, unknown> = {};
    for (const e of indexed(entry)) {
      const k = e.children.get('key');
      const v = e.children.get('value');
      if (k?.value !== undefined) map[k.value] = v ? toValue(v) : '';
    }
    return map;
  }
  return toObject(n);
}

/** `member.1`, `member.2`, … in numeric order (not the order sent). */
function indexed(n: Node): Node[] {
  return [...n.children.entries()]
    .filter(([k]) => /^\d+$/.test(k))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, v]) => v);
}
