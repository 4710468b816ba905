/**
 * Email templates, one store for v1 (CreateTemplate…) and v2 (CreateEmailTemplate…): on AWS a
 * template made with either API is seen by both (dg/send-personalized-email-api.html). Names are
 * case-sensitive. At most 20,000 per region (dg/quotas.html, "Email templates per account").
 */
import type { SesScope, TemplateRecord } from '../ports.js';
import type { ControlDeps } from './deps.js';
import type { TemplateDoc } from './model.js';
import { syntaxError } from './render.js';
import type { Stored } from './store.js';

export const MAX_TEMPLATES = 20_000;
/**
 * "Each template can be up to 500 KB in size, including both the text and HTML parts"
 * (dg/send-personalized-email-api.html): the subject, text and HTML parts together, in UTF-8 bytes.
 */
export const MAX_TEMPLATE_BYTES = 500 * 1024;
export const TEMPLATE_TOO_LARGE = `The template is larger than ${MAX_TEMPLATE_BYTES} bytes (500 KB), the maximum size of a template including its subject, text and HTML parts.`;

export type TemplateFault =
  | { kind: 'missing' }
  | { kind: 'exists' }
  | { kind: 'limit' }
  | { kind: 'no-subject' }
  | { kind: 'too-large' }
  | { kind: 'syntax'; message: string };

export class TemplateError extends Error {
  constructor(readonly fault: TemplateFault) {
    super(fault.kind);
  }
}

export function findTemplate(
  deps: ControlDeps,
  scope: SesScope,
  name: string,
): Promise<Stored<TemplateDoc> | undefined> {
  return deps.store.get<TemplateDoc>(scope, 'template', name);
}

/** Refuses what SES refuses before storing: a template over 500 KB, no subject, a Handlebars syntax error. */
function checkContent(doc: TemplateDoc): void {
  const size = [doc.subject, doc.text, doc.html].reduce((n, part) => n + Buffer.byteLength(part ?? ''), 0);
  if (size > MAX_TEMPLATE_BYTES) throw new TemplateError({ kind: 'too-large' });
  // "The subject must be specified." (InvalidParameterValue from CreateTemplate, quoted in
  // awsdocs/aws-cloudformation-user-guide#464).
  if (!doc.subject) throw new TemplateError({ kind: 'no-subject' });
  for (const part of [doc.subject, doc.text, doc.html]) {
    const message = syntaxError(part);
    if (message) throw new TemplateError({ kind: 'syntax', message });
  }
}

export async function createTemplate(deps: ControlDeps, scope: SesScope, doc: TemplateDoc): Promise<void> {
  checkContent(doc);
  await deps.store.transaction(async () => {
    if (await findTemplate(deps, scope, doc.name)) throw new TemplateError({ kind: 'exists' });
    if ((await deps.store.count(scope, 'template')) >= MAX_TEMPLATES)
      throw new TemplateError({ kind: 'limit' });
    await deps.store.put(scope, 'template', doc.name, doc);
  });
}

export function updateTemplate(
  deps: ControlDeps,
  scope: SesScope,
  doc: Omit<TemplateDoc, 'tags'>,
): Promise<void> {
  return deps.store.transaction(async () => {
    const old = await findTemplate(deps, scope, doc.name);
    if (!old) throw new TemplateError({ kind: 'missing' });
    const next = { ...doc, tags: old.doc.tags };
    checkContent(next);
    await deps.store.put(scope, 'template', doc.name, next);
  });
}

export function templateRecord(doc: TemplateDoc): TemplateRecord {
  return { TemplateName: doc.name, Subject: doc.subject, Text: doc.text, Html: doc.html };
}
