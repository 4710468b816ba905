/**
 * Pinpoint's email templates: their operations (create, get, update, delete, list, versions, the
 * active version) and the EmailTemplateSource the sending parts render messages with.
 */
import type { Migration } from '../../../store/index.js';
import type { EmailTemplateSource, PinpointContext, PinpointPart } from '../ports.js';
import type { TemplateDeps } from './access.js';
import { TemplateDocuments } from './documents.js';
import { emailTemplateOperations } from './email-operations.js';
import { otherTemplateOperations } from './other-types.js';
import { templateSource } from './source.js';
import { templateVersionOperations } from './version-operations.js';

export { renderEmail } from './render.js';

/** Templates live in the one documents table (src/store/documents.ts): nothing of their own. */
export const templateMigrations: readonly Migration[] = [];

export function createTemplates(c: PinpointContext): PinpointPart & { source: EmailTemplateSource } {
  const docs = new TemplateDocuments(c.store);
  const deps: TemplateDeps = { docs, now: c.clock };
  return {
    operations: [
      ...emailTemplateOperations(deps),
      ...otherTemplateOperations(deps),
      ...templateVersionOperations(deps),
    ],
    source: templateSource(docs, c.clock),
  };
}
