/**
 * CreateEmailTemplate (201), GetEmailTemplate, UpdateEmailTemplate (202), DeleteEmailTemplate (202)
 * (apireference/templates-template-name-email.html), through the versioning every template type
 * shares (template-operations.ts).
 */
import type { EmailTemplateRequest } from '../../../wire/model/types/pinpoint.js';
import type { OperationSpec } from '../../../wire/operation.js';
import type { TemplateDeps } from './access.js';
import { emailTemplateContent } from './request.js';
import { templateOperations, type TemplateTypeSpec } from './template-operations.js';

export {
  MAX_TEMPLATES,
  MAX_VERSIONS,
  templateResponse as emailTemplateResponse,
} from './template-operations.js';

export const EMAIL_TEMPLATES: TemplateTypeSpec<EmailTemplateRequest> = {
  type: 'EMAIL',
  segment: 'email',
  op: 'Email',
  request: 'EmailTemplateRequest',
  response: 'EmailTemplateResponse',
  created: 'CreateTemplateMessageBody',
  content: emailTemplateContent,
};

export function emailTemplateOperations(deps: TemplateDeps): OperationSpec[] {
  return templateOperations(deps, EMAIL_TEMPLATES);
}
