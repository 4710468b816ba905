/** Placeholder until the templates part lands: email templates, versions, rendering. */
import type { Migration } from '../../../store/index.js';
import type { EmailTemplateSource, PinpointContext, PinpointPart } from '../ports.js';

export const templateMigrations: readonly Migration[] = [];

export function createTemplates(_c: PinpointContext): PinpointPart & { source: EmailTemplateSource } {
  return {
    operations: [],
    source: {
      email: () => undefined,
      compile: () => () => {
        throw new Error('templates are not built yet');
      },
    },
  };
}
