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

type Part = 'Subject' | 'HtmlPart' | 'TextPart';

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

const HELPER_NAMES = new Set([...BUILT_IN, ...Object.keys(pinpointHelpers(() => new Date()))]);

/**
 * Finds calls of helpers that do not exist (`{{frobnicate x}}`), which Handlebars would only report
 * when rendering the first message.
 */
class UnknownHelpers extends Handlebars.Visitor {
  readonly unknown = new Set<string>();

  private check(path: hbs.AST.PathExpression | hbs.AST.Expression, called: boolean): void {
    if (!called || path.type !== 'PathExpression') return;
    const p = path as hbs.AST.PathExpression;
    if (p.parts.length === 1 && p.depth === 0 && !p.data && !HELPER_NAMES.has(p.original)) {
      this.unknown.add(p.original);
    }
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

/** Throws TemplateError when a part is not a valid template. */
export function checkSource(part: string, source: string): void {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
    throw new TemplateError(`The ${part} isn't a valid template: ${why}`);
  }
  const visitor = new UnknownHelpers();
  visitor.accept(ast);
  if (visitor.unknown.size > 0) {
    throw new TemplateError(
      `The ${part} uses a helper that doesn't exist: ${[...visitor.unknown].join(', ')}`,
    );
  }
}

export interface RenderOptions {
  /** What `{{now}}` prints; the engine's clock. */
  clock?: () => Date;
}

export type CompiledEmail = (vars: MessageVariables) => RenderedEmail;

/** Compiles content once; throws TemplateError when it isn't a valid template. */
export function compileEmail(content: EmailContent, options: RenderOptions = {}): CompiledEmail {
  const hb = Handlebars.create();
  hb.registerHelper(pinpointHelpers(options.clock ?? (() => new Date())));
  let defaults;
  try {
    defaults = defaultsOf(content.DefaultSubstitutions);
  } catch {
    throw new TemplateError('The DefaultSubstitutions must be a JSON object');
  }
  const compilePart = (part: Part, html: boolean) => {
    const source = content[part];
    if (source === undefined) return undefined;
    checkSource(part, source);
    return hb.compile<Data>(source, { noEscape: !html });
  };
  const subject = compilePart('Subject', false);
  const html = compilePart('HtmlPart', true);
  const textPart = compilePart('TextPart', false);
  return (vars) => {
    const data = messageData(defaults, vars);
    const render = (part: Part, t: HandlebarsTemplateDelegate<Data> | undefined) => {
      if (!t) return undefined;
      try {
        return t(data);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new TemplateError(`The ${part} could not be rendered for ${vars.address}: ${why}`);
      }
    };
    return {
      subject: render('Subject', subject) ?? '',
      html: render('HtmlPart', html),
      text: render('TextPart', textPart),
    };
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
