/**
 * One recipient's email from a direct message: the message's content (inline parts over the
 * template's), the recipient's overrides, and the message variables merged as the API reference
 * says (AddressConfiguration.Substitutions: "A map of the message variables to merge with the
 * variables specified by properties of the DefaultMessage object. The variables specified in this
 * map take precedence over all other variables"; EmailMessage.Substitutions: "The default message
 * variables to use in the email message. You can override the default variables with individual
 * address variables").
 */
import type { EmailContent, EmailTemplateSource, MessageVariables, RenderedEmail } from '../ports.js';
import type { DirectEmail, RecipientConfig, Substitutions } from './message-request.js';

/** Later maps win, key by key. */
export function mergeSubstitutions(...maps: (Substitutions | undefined)[]): Substitutions | undefined {
  const present = maps.filter((m): m is Substitutions => m !== undefined);
  return present.length === 0 ? undefined : Object.assign({}, ...present);
}

/**
 * The message's content: its inline parts win over the template's, part by part (a SimpleEmail
 * Subject with a template's HTML is a templated message with another subject). Pinpost's reading:
 * the reference does not say how the two combine.
 */
export function contentOf(email: DirectEmail, template: EmailContent | undefined): EmailContent {
  return {
    Subject: email.subject ?? template?.Subject,
    HtmlPart: email.html ?? template?.HtmlPart,
    TextPart: email.text ?? template?.TextPart,
    DefaultSubstitutions: template?.DefaultSubstitutions,
  };
}

/**
 * A recipient's TitleOverride replaces the subject; its BodyOverride ("The message body to use
 * instead of the default message body") replaces the HTML part when there is one, else the text.
 * Pinpost's reading for email, where a message has two bodies.
 */
export function withOverrides(content: EmailContent, r: RecipientConfig): EmailContent {
  const out = { ...content };
  if (r.titleOverride !== undefined) out.Subject = r.titleOverride;
  if (r.bodyOverride !== undefined) {
    if (out.HtmlPart !== undefined) out.HtmlPart = r.bodyOverride;
    else out.TextPart = r.bodyOverride;
  }
  return out;
}

const hasVariables = (c: EmailContent) =>
  [c.Subject, c.HtmlPart, c.TextPart].some((part) => part?.includes('{{'));

export type Render = (vars: MessageVariables) => RenderedEmail;

/**
 * Compiles content with the template engine (templates/), which renders message variables and
 * default substitutions. Content without a `{{` has nothing to render and is used as written.
 * Throws the engine's BadRequestException when the content does not compile.
 */
export function compileContent(templates: EmailTemplateSource, content: EmailContent): Render {
  if (!hasVariables(content)) {
    const fixed: RenderedEmail = {
      subject: content.Subject ?? '',
      html: content.HtmlPart,
      text: content.TextPart,
    };
    return () => fixed;
  }
  return templates.compile(content);
}

/** Compiles the message once, and a recipient's own content only when it overrides something. */
export function renderers(templates: EmailTemplateSource, content: EmailContent) {
  const shared = compileContent(templates, content);
  return (r: RecipientConfig): Render =>
    r.titleOverride === undefined && r.bodyOverride === undefined
      ? shared
      : compileContent(templates, withOverrides(content, r));
}
