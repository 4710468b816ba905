/**
 * Reading a template's text: Handlebars' parser, then one walk over the tree that finds the
 * helpers it uses (so only those are registered), refuses calls of helpers that do not exist
 * (Handlebars would report them only when the first message renders) and reads time zone names
 * written without quotes as text.
 */
import { handlebars } from '../../handlebars.js';
import { pinpointHelpers } from './helpers/index.js';

/** Why content cannot be used; the text is Pinpost's own (AWS documents none). */
export class TemplateError extends Error {}

/** Handlebars' own helpers, which need no registration. */
const BUILT_IN = new Set([
  'if',
  'unless',
  'each',
  'with',
  'lookup',
  'log',
  'blockHelperMissing',
  'helperMissing',
]);

const PINPOINT_HELPERS = new Set(Object.keys(pinpointHelpers(() => new Date())));

/**
 * The guide writes time zones without quotes (`{{now "medium" tz=America/Los_Angeles}}`,
 * message-template-helpers.html), which Handlebars reads as the path `America`/`Los_Angeles` of
 * the message's data: nothing, so the zone would silently be UTC. A `tz` path that can only be a
 * tz database name (it has a slash, or is UTC or GMT) is therefore read as that name.
 */
function unquotedTimeZones(hash: hbs.AST.Hash | undefined): void {
  for (const pair of hash?.pairs ?? []) {
    if (pair.key !== 'tz' || pair.value.type !== 'PathExpression') continue;
    const path = pair.value as hbs.AST.PathExpression;
    if (!path.original.includes('/') && !/^(UTC|GMT)$/.test(path.original)) continue;
    const literal: hbs.AST.StringLiteral = {
      type: 'StringLiteral',
      value: path.original,
      original: path.original,
      loc: path.loc,
    };
    pair.value = literal;
  }
}

/**
 * Finds the helpers a template uses, and calls of helpers that do not exist (`{{frobnicate x}}`),
 * which Handlebars would only report when rendering the first message.
 */
function helperUse() {
  return (HelperUse ??= defineHelperUse());
}
let HelperUse: ReturnType<typeof defineHelperUse> | undefined;

// The class extends Handlebars' Visitor, which exists only once Handlebars has loaded.
const defineHelperUse = () =>
  class extends handlebars().Visitor {
    readonly used = new Set<string>();
    readonly unknown = new Set<string>();

    private check(expr: hbs.AST.Expression, called: boolean): void {
      if (expr.type !== 'PathExpression') return;
      const p = expr as hbs.AST.PathExpression;
      if (p.parts.length !== 1 || p.depth !== 0 || p.data) return;
      if (PINPOINT_HELPERS.has(p.original)) this.used.add(p.original);
      else if (called && !BUILT_IN.has(p.original)) this.unknown.add(p.original);
    }

    override MustacheStatement(m: hbs.AST.MustacheStatement): void {
      unquotedTimeZones(m.hash);
      this.check(m.path, m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0);
      super.MustacheStatement(m);
    }

    override SubExpression(s: hbs.AST.SubExpression): void {
      unquotedTimeZones(s.hash);
      this.check(s.path, true);
      super.SubExpression(s);
    }

    override BlockStatement(b: hbs.AST.BlockStatement): void {
      // A block over a plain value (`{{#Attributes.list}}…{{/Attributes.list}}`) is a section, not a call.
      unquotedTimeZones(b.hash);
      this.check(b.path, b.params.length > 0 || (b.hash?.pairs.length ?? 0) > 0);
      super.BlockStatement(b);
    }
  };

/**
 * Parses a part; throws TemplateError when it is not a valid template. Returns its tree and the
 * Pinpoint helpers it uses.
 */
export function parseTemplate(part: string, source: string): { ast: hbs.AST.Program; helpers: Set<string> } {
  let ast: hbs.AST.Program;
  try {
    ast = handlebars().parse(source);
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
    throw new TemplateError(`The ${part} isn't a valid template: ${why}`);
  }
  const visitor = new (helperUse())();
  visitor.accept(ast);
  if (visitor.unknown.size > 0) {
    throw new TemplateError(
      `The ${part} uses a helper that doesn't exist: ${[...visitor.unknown].join(', ')}`,
    );
  }
  return { ast, helpers: visitor.used };
}
