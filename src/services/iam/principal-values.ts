/**
 * The `AWS` values of a policy's Principal and NotPrincipal elements, rewritten in place: every
 * other byte of the document (whitespace, order, Conditions naming the same ARN) stays as written.
 * IAM stores a principal ARN as the entity's unique id and shows it back as an ARN
 * (reference_policies_elements_principal.html, "IAM role principals"); only those values change.
 *
 * The text is read with jsonc-parser in strict mode, as the policy engine reads it (src/iam/policy/
 * parse.ts), so the values found here are the ones the engine matches callers against.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';

/** A new value for `value`, or undefined to keep it. */
export type PrincipalRewrite = (value: string) => string | undefined;

function membersNamed(node: Node | undefined, key: string): Node[] {
  if (node?.type !== 'object') return [];
  const out: Node[] = [];
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (k?.value === key && v !== undefined) out.push(v);
  }
  return out;
}

/** The string nodes of `"x"` or `["x", …]`. */
function stringNodes(node: Node): Node[] {
  if (node.type === 'string') return [node];
  if (node.type !== 'array') return [];
  return (node.children ?? []).filter((n) => n.type === 'string');
}

/** Every string node holding an `AWS` principal value, in document order. */
function awsPrincipalNodes(root: Node): Node[] {
  const out: Node[] = [];
  for (const statement of membersNamed(root, 'Statement')) {
    const statements = statement.type === 'array' ? (statement.children ?? []) : [statement];
    for (const s of statements) {
      for (const element of ['Principal', 'NotPrincipal']) {
        for (const block of membersNamed(s, element)) {
          for (const aws of membersNamed(block, 'AWS')) out.push(...stringNodes(aws));
        }
      }
    }
  }
  // Rewriting splices the text front to back.
  return out.sort((a, b) => a.offset - b.offset);
}

/** The `AWS` principal values of a document; none when it is not strict JSON. */
export function awsPrincipalValues(text: string): string[] {
  const root = parse(text);
  return root ? awsPrincipalNodes(root).map((n) => n.value as string) : [];
}

/**
 * `text` with each `AWS` principal value replaced as `rewrite` says (JSON-encoded in place of the
 * original token, escapes included). A text that is not strict JSON is returned unchanged.
 */
export function rewriteAwsPrincipals(text: string, rewrite: PrincipalRewrite): string {
  const root = parse(text);
  if (!root) return text;
  let out = '';
  let from = 0;
  for (const node of awsPrincipalNodes(root)) {
    const next = rewrite(node.value as string);
    if (next === undefined || next === node.value) continue;
    out += text.slice(from, node.offset) + JSON.stringify(next);
    from = node.offset + node.length;
  }
  return from === 0 ? text : out + text.slice(from);
}

function parse(text: string): Node | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  return errors.length === 0 ? root : undefined;
}
