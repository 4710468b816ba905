/**
 * Rendering email content with Handlebars, as Pinpoint does (apireference/templates-template-name-
 * email.html: "personalized content that you define by using the Handlebars template system and
 * message variables"), with Pinpoint's helpers. Content is compiled once and rendered per message,
 * since a campaign renders one template for up to a million endpoints.
 *
 * A variable with no value renders as nothing ("Amazon Pinpoint omits all text for the variable",
 * userguide/message-templates-personalizing.html). The HTML part escapes values as Handlebars does;
 * the subject and text part are not HTML, so they are not escaped (as SES renders its templates).
 */
import Handlebars from 'handlebars';
import type { EmailContent, MessageVariables, RenderedEmail } from '../ports.js';
import { pinpointHelpers } from './helpers/index.js';
import { defaultsOf, messageData, type Data } from './variables.js';

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
 * Finds the helpers a template uses, and calls of helpers that do not exist (`{{frobnicate x}}`),
 * which Handlebars would only report when rendering the first message.
 */
class HelperUse extends Handlebars.Visitor {
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
    this.check(m.path, m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0);
    super.MustacheStatement(m);
  }

  override SubExpression(s: hbs.AST.SubExpression): void {
    this.check(s.path, true);
    super.SubExpression(s);
  }

  override BlockStatement(b: hbs.AST.BlockStatement): void {
    // A block over a plain value (`{{#Attributes.list}}…{{/Attributes.list}}`) is a section, not a call.
    this.check(b.path, b.params.length > 0 || (b.hash?.pairs.length ?? 0) > 0);
    super.BlockStatement(b);
  }
}

/**
 * Throws TemplateError when a part is not a valid template; returns the Pinpoint helpers it uses.
 */
export function checkSource(part: string, source: string): Set<string> {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
    throw new TemplateError(`The ${part} isn't a valid template: ${why}`);
  }
  const visitor = new HelperUse();
  visitor.accept(ast);
  if (visitor.unknown.size > 0) {
    throw new TemplateError(
      `The ${part} uses a helper that doesn't exist: ${[...visitor.unknown].join(', ')}`,
    );
  }
  return visitor.used;
}

export interface RenderOptions {
  /** What `{{now}}` prints; the engine's clock. */
  clock?: () => Date;
}

export type CompiledEmail = (vars: MessageVariables) => RenderedEmail;

/**
 * "The header value can contain up to 870 characters, including the length of any rendered
 * attributes" (pinpoint/2016-12-01 MessageHeader.Value).
 */
export const MAX_RENDERED_HEADER_VALUE = 870;

/** Compiles content once; throws TemplateError when it isn't a valid template. */
export function compileEmail(content: EmailContent, options: RenderOptions = {}): CompiledEmail {
  let defaults;
  try {
    defaults = defaultsOf(content.DefaultSubstitutions);
  } catch {
    throw new TemplateError('The DefaultSubstitutions must be a JSON object');
  }
  // Every templated text: the three parts, then each header's value.
  const sources: [string, string][] = [];
  for (const part of ['Subject', 'HtmlPart', 'TextPart'] as const) {
    const source = content[part];
    if (source !== undefined) sources.push([part, source]);
  }
  for (const h of content.Headers ?? []) sources.push([`value of the header ${h.Name}`, h.Value]);
  const used = new Set<string>();
  for (const [what, source] of sources) for (const name of checkSource(what, source)) used.add(name);
  // Handlebars copies every registered helper on each render, so register only those in use: a
  // campaign renders the same content for up to a million endpoints.
  const hb = Handlebars.create();
  const helpers = pinpointHelpers(options.clock ?? (() => new Date()));
  for (const name of used) hb.registerHelper(name, helpers[name]);
  const compile = (source: string | undefined, html: boolean) =>
    source === undefined ? undefined : hb.compile<Data>(source, { noEscape: !html });
  const subject = compile(content.Subject, false);
  const html = compile(content.HtmlPart, true);
  const textPart = compile(content.TextPart, false);
  const headers = content.Headers?.map((h) => ({ name: h.Name, value: compile(h.Value, false)! }));
  return (vars) => {
    const data = messageData(defaults, vars);
    const render = (what: string, t: HandlebarsTemplateDelegate<Data> | undefined) => {
      if (!t) return undefined;
      try {
        return t(data);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new TemplateError(`The ${what} could not be rendered for ${vars.address}: ${why}`);
      }
    };
    const out: RenderedEmail = {
      subject: render('Subject', subject) ?? '',
      html: render('HtmlPart', html),
      text: render('TextPart', textPart),
    };
    if (headers) {
      out.headers = headers.map((h) => {
        const value = render(`value of the header ${h.name}`, h.value) ?? '';
        if (value.length > MAX_RENDERED_HEADER_VALUE) {
          throw new TemplateError(
            `The value of the header ${h.name} is longer than ${MAX_RENDERED_HEADER_VALUE} characters for ${vars.address}`,
          );
        }
        return { Name: h.name, Value: value };
      });
    }
    return out;
  };
}

/** Renders content for one message (tests, and callers that render once). */
export function renderEmail(
  content: EmailContent,
  vars: MessageVariables,
  options: RenderOptions = {},
): RenderedEmail {
  return compileEmail(content, options)(vars);
}
