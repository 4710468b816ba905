/**
 * Where a path through a policy's JSON points in its text, as Access Analyzer's Location.span
 * (API_Location.html, API_Span.html, API_Position.html): the node of the last path element, from
 * its first character (inclusive) to after its last (exclusive); line from 1, column and offset
 * from 0. A `value` element points at the value under a key (the awscli example of
 * validate-policy: a Sid's span is its string value); a `key` element at the key itself; an
 * `index` into a value written as a single element (`"Action": "s3:*"`) is that value.
 */
import { parseTree, type Node } from 'jsonc-parser';
import { SourceLines } from './source-lines.js';
import type { PathElement, SpanPosition } from './types.js';

export interface Span {
  start: SpanPosition;
  end: SpanPosition;
}

export class PolicySpans {
  private readonly root: Node | undefined;
  private readonly lines: SourceLines;

  constructor(text: string) {
    this.root = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
    this.lines = new SourceLines(text);
  }

  private position(offset: number): SpanPosition {
    const p = this.lines.positionOf(offset);
    return { line: p.line, column: p.column - 1, offset };
  }

  /** The span of the node the path ends at; the nearest node found when a step is missing. */
  spanOf(path: readonly PathElement[]): Span {
    let node = this.root;
    if (!node) return { start: this.position(0), end: this.position(0) };
    for (const step of path) {
      const next = stepInto(node, step);
      if (!next) break;
      node = next;
    }
    return { start: this.position(node.offset), end: this.position(node.offset + node.length) };
  }
}

function stepInto(node: Node, step: PathElement): Node | undefined {
  if ('index' in step) {
    if (node.type === 'array') return node.children?.[step.index];
    return step.index === 0 ? node : undefined;
  }
  if (node.type !== 'object') return undefined;
  const name = 'key' in step ? step.key : step.value;
  // A repeated key keeps its last value, as the parser does (parse.ts).
  const property = [...(node.children ?? [])].reverse().find((p) => p.children?.[0]?.value === name);
  if (!property) return undefined;
  return 'key' in step ? property.children?.[0] : property.children?.[1];
}
