/**
 * The EmailTemplateSource port (ports.ts): a template version's content for the parts that send
 * (the active version unless one is named), and compilation that turns a template that cannot be
 * used into BadRequestException.
 */
import { badRequest } from '../errors.js';
import type { EmailContent, EmailTemplateSource, MessageVariables, RenderedEmail } from '../ports.js';
import type { Scope } from '../store.js';
import type { TemplateDocuments } from './documents.js';
import { compileEmail, TemplateError } from './render.js';

function asBadRequest<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TemplateError) throw badRequest(err.message);
    throw err;
  }
}

export function templateSource(docs: TemplateDocuments, clock: () => Date): EmailTemplateSource {
  return {
    async email(scope: Scope, name: string, version?: string): Promise<EmailContent | undefined> {
      const t = await docs.template(scope, name);
      if (!t) return undefined;
      const v = await docs.version(scope, name, version ?? t.ActiveVersion);
      if (!v) return undefined;
      const content: EmailContent = {};
      if (v.Subject !== undefined) content.Subject = v.Subject;
      if (v.HtmlPart !== undefined) content.HtmlPart = v.HtmlPart;
      if (v.TextPart !== undefined) content.TextPart = v.TextPart;
      if (v.DefaultSubstitutions !== undefined) content.DefaultSubstitutions = v.DefaultSubstitutions;
      if (v.Headers !== undefined) content.Headers = v.Headers;
      return content;
    },
    compile(content: EmailContent) {
      const render = asBadRequest(() => compileEmail(content, { clock }));
      return (vars: MessageVariables): RenderedEmail => asBadRequest(() => render(vars));
    },
  };
}
