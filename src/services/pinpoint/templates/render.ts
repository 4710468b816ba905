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
import { boundedHandlebars } from '../../bounded-handlebars.js';
import { renderLimits, withinLimits } from '../../render-limits.js';
import type { EmailContent, MessageVariables, RenderedEmail } from '../ports.js';
import { pinpointHelpers } from './helpers/index.js';
import { parseTemplate, TemplateError } from './parse.js';
import { defaultsOf, messageData, type Data } from './variables.js';

export { TemplateError } from './parse.js';

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

/**
 * Each message renders within Pinpoint's maximum message size ("Maximum message size, including
 * attachments: 10 MB per message", developerguide/quotas.html, Email quotas) and the work bound of
 * render-limits.ts; past either, the message fails to render (TemplateError), as any other
 * rendering failure does.
 */
export const PINPOINT_RENDER_LIMITS = renderLimits(10_485_760);

/** Compiles content once; throws TemplateError when it isn't a valid template. */
export function compileEmail(content: EmailContent, options: RenderOptions = {}): CompiledEmail {
  let defaults: ReturnType<typeof defaultsOf>;
  try {
    defaults = defaultsOf(content.DefaultSubstitutions);
  } catch {
    throw new TemplateError('The DefaultSubstitutions must be a JSON object');
  }
  // Every templated text: the three parts, then each header's value.
  const parsed = new Map<string, hbs.AST.Program>();
  const used = new Set<string>();
  const parse = (what: string, source: string | undefined) => {
    if (source === undefined) return;
    const { ast, helpers } = parseTemplate(what, source);
    parsed.set(what, ast);
    for (const name of helpers) used.add(name);
  };
  parse('Subject', content.Subject);
  parse('HtmlPart', content.HtmlPart);
  parse('TextPart', content.TextPart);
  const headerPart = (name: string) => `value of the header ${name}`;
  for (const h of content.Headers ?? []) parse(headerPart(h.Name), h.Value);
  // Handlebars copies every registered helper on each render, so register only those in use: a
  // campaign renders the same content for up to a million endpoints.
  const hb = boundedHandlebars();
  const helpers = pinpointHelpers(options.clock ?? (() => new Date()));
  for (const name of used) hb.registerHelper(name, helpers[name]);
  // Compiled from the ASTs parseTemplate made from the text (never from an AST given by a caller).
  const compile = (what: string, html: boolean) => {
    const ast = parsed.get(what);
    return ast && hb.compile<Data>(ast, { noEscape: !html });
  };
  const subject = compile('Subject', false);
  const html = compile('HtmlPart', true);
  const textPart = compile('TextPart', false);
  const headers = content.Headers?.map((h) => ({
    name: h.Name,
    value: compile(headerPart(h.Name), false),
  }));
  const renderMessage = (vars: MessageVariables): RenderedEmail => {
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
        const value = render(headerPart(h.name), h.value) ?? '';
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
  return (vars) => withinLimits(PINPOINT_RENDER_LIMITS, () => renderMessage(vars));
}

/** Renders content for one message (tests, and callers that render once). */
export function renderEmail(
  content: EmailContent,
  vars: MessageVariables,
  options: RenderOptions = {},
): RenderedEmail {
  return compileEmail(content, options)(vars);
}
