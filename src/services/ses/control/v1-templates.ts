/**
 * SES v1 templates over the store v2 uses: CreateTemplate, GetTemplate, UpdateTemplate,
 * DeleteTemplate, ListTemplates, TestRenderTemplate (APIReference/API_CreateTemplate.html and
 * siblings). Errors as the v1 model names them: AlreadyExists, TemplateDoesNotExist,
 * InvalidTemplate, LimitExceeded, InvalidRenderingParameter, MissingRenderingAttribute.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { ControlDeps } from './deps.js';
import {
  invalidParameterValue,
  invalidRenderingParameter,
  invalidTemplate,
  missingRenderingAttribute,
  templateDoesNotExist,
  templateExistsText,
  v1AlreadyExists,
  v1LimitExceeded,
} from './errors.js';
import { scopeOf } from './input.js';
import type { TemplateDoc } from './model.js';
import { page } from './paging.js';
import { RenderError, SES_RENDER_LIMITS, parseTemplateData, renderTemplate, renderedMime } from './render.js';
import {
  createTemplate,
  findTemplate,
  MAX_TEMPLATES,
  TEMPLATE_TOO_LARGE,
  TemplateError,
  templateRecord,
  updateTemplate,
} from './templates.js';
import { boundary } from './v2-templates.js';
import type { InputOf, OutputOf, Template } from '../../../wire/model/types/ses.js';
import { memberPath, memberViolations } from '../../../wire/model/violations.js';

function v1TemplateError(e: unknown, name: string): unknown {
  if (!(e instanceof TemplateError)) return e;
  switch (e.fault.kind) {
    case 'missing':
      return templateDoesNotExist(name);
    case 'exists':
      return v1AlreadyExists(templateExistsText(name));
    case 'limit':
      return v1LimitExceeded(`You have reached the maximum number of templates (${MAX_TEMPLATES}).`);
    case 'no-subject':
      return invalidParameterValue('The subject must be specified.');
    case 'too-large':
      // dg/send-personalized-email-api.html documents the quota; the text is Pinpost's own.
      return invalidParameterValue(TEMPLATE_TOO_LARGE);
    case 'syntax':
      return invalidTemplate(e.fault.message);
  }
}

const templateDoc = (t: Template): Omit<TemplateDoc, 'tags'> => ({
  name: t.TemplateName,
  subject: t.SubjectPart,
  text: t.TextPart,
  html: t.HtmlPart,
});

/**
 * The model sets TemplateName no minimum length, but an empty name names nothing: refused before
 * authorization, as Pinpost's own reading did before the model typed the input.
 */
const named = (i: { TemplateName?: string }) =>
  memberViolations(memberPath('TemplateName'), i.TemplateName, { minLength: 1 });
const templateNamed = (i: { Template?: { TemplateName?: string } }) =>
  memberViolations(memberPath('Template', 'TemplateName'), i.Template?.TemplateName, { minLength: 1 });

export function v1TemplateOperations(deps: ControlDeps): OperationSpec[] {
  const any = () => ['*'];
  return [
    defineOperation<InputOf<'CreateTemplate'>, OutputOf<'CreateTemplate'>>({
      name: 'CreateTemplate',
      action: 'ses:CreateTemplate',
      violations: templateNamed,
      resources: any,
      async handler(i, ctx) {
        try {
          await createTemplate(deps, scopeOf(ctx), { ...templateDoc(i.Template), tags: [] });
        } catch (e) {
          throw v1TemplateError(e, i.Template.TemplateName);
        }
        return {};
      },
    }),
    defineOperation<InputOf<'GetTemplate'>, OutputOf<'GetTemplate'>>({
      name: 'GetTemplate',
      action: 'ses:GetTemplate',
      violations: named,
      resources: any,
      async handler(i, ctx) {
        const doc = (await findTemplate(deps, scopeOf(ctx), i.TemplateName))?.doc;
        if (!doc) throw templateDoesNotExist(i.TemplateName);
        return {
          Template: {
            TemplateName: doc.name,
            SubjectPart: doc.subject,
            TextPart: doc.text,
            HtmlPart: doc.html,
          },
        };
      },
    }),
    defineOperation<InputOf<'UpdateTemplate'>, OutputOf<'UpdateTemplate'>>({
      name: 'UpdateTemplate',
      action: 'ses:UpdateTemplate',
      violations: templateNamed,
      resources: any,
      async handler(i, ctx) {
        try {
          await updateTemplate(deps, scopeOf(ctx), templateDoc(i.Template));
        } catch (e) {
          throw v1TemplateError(e, i.Template.TemplateName);
        }
        return {};
      },
    }),
    defineOperation<InputOf<'DeleteTemplate'>, OutputOf<'DeleteTemplate'>>({
      name: 'DeleteTemplate',
      action: 'ses:DeleteTemplate',
      violations: named,
      resources: any,
      // The v1 model declares no error: deleting an absent template succeeds.
      handler: async (i, ctx) => (await deps.store.delete(scopeOf(ctx), 'template', i.TemplateName), {}),
    }),
    defineOperation<InputOf<'ListTemplates'>, OutputOf<'ListTemplates'>>({
      name: 'ListTemplates',
      action: 'ses:ListTemplates',
      // API_ListTemplates.html: "at least 1 and less than or equal to 100. If more than 100 items
      // are requested, the page size will automatically set to 100 … 10 is the default".
      violations: (i) => memberViolations(memberPath('MaxItems'), i.MaxItems, { minValue: 1 }),
      resources: any,
      async handler(i, ctx) {
        const size = Math.min(i.MaxItems ?? 10, 100);
        const p = await page<TemplateDoc>(deps.store, scopeOf(ctx), 'template', i.NextToken, size);
        return {
          TemplatesMetadata: p.items.map((r) => ({ Name: r.doc.name, CreatedTimestamp: r.created })),
          NextToken: p.nextToken,
        };
      },
    }),
    defineOperation<InputOf<'TestRenderTemplate'>, OutputOf<'TestRenderTemplate'>>({
      name: 'TestRenderTemplate',
      action: 'ses:TestRenderTemplate',
      violations: named,
      resources: any,
      async handler(i, ctx) {
        const doc = (await findTemplate(deps, scopeOf(ctx), i.TemplateName))?.doc;
        if (!doc) throw templateDoesNotExist(i.TemplateName);
        try {
          const data = parseTemplateData(i.TemplateData);
          const rendered = renderTemplate(templateRecord(doc), data, SES_RENDER_LIMITS.v1);
          return { RenderedTemplate: renderedMime(rendered, deps.store.now(), boundary()) };
        } catch (e) {
          if (!(e instanceof RenderError)) throw e;
          if (e.failure.kind === 'missing-attribute') throw missingRenderingAttribute(e.message);
          if (e.failure.kind === 'invalid-template') throw invalidTemplate(e.message);
          // Bad data, or a render past its limits: what this data makes of the template can't be rendered.
          throw invalidRenderingParameter(e.message);
        }
      },
    }),
  ];
}
