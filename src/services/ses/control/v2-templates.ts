/**
 * SES v2 email templates: CreateEmailTemplate, GetEmailTemplate, UpdateEmailTemplate,
 * DeleteEmailTemplate, ListEmailTemplates, TestRenderEmailTemplate
 * (APIReference-V2/API_CreateEmailTemplate.html and siblings). A missing template is
 * NotFoundException 404 "Template X does not exist." — never a 500.
 */
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { arnOf, requestTagKeys, resourceTagKeys } from './authz.js';
import type { ControlDeps } from './deps.js';
import {
  alreadyExists,
  badRequest,
  limitExceeded,
  notFound,
  templateExistsText,
  templateMissingText,
} from './errors.js';
import { pageSizeViolations, scopeOf } from './input.js';
import type { TemplateDoc } from './model.js';
import { page } from './paging.js';
import { RenderError, SES_RENDER_LIMITS, parseTemplateData, renderTemplate, renderedMime } from './render.js';
import {
  createTemplate,
  findTemplate,
  templateRecord,
  TemplateError,
  updateTemplate,
  MAX_TEMPLATES,
  TEMPLATE_TOO_LARGE,
} from './templates.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

function v2TemplateError(e: unknown, name: string): unknown {
  if (!(e instanceof TemplateError)) return e;
  switch (e.fault.kind) {
    case 'missing':
      return notFound(templateMissingText(name));
    case 'exists':
      return alreadyExists(templateExistsText(name));
    case 'limit':
      return limitExceeded(`You have reached the maximum number of templates (${MAX_TEMPLATES}).`);
    case 'no-subject':
      return badRequest('The subject must be specified.');
    case 'too-large':
      // dg/send-personalized-email-api.html documents the quota; the text is Pinpost's own.
      return badRequest(TEMPLATE_TOO_LARGE);
    case 'syntax':
      return badRequest(e.fault.message);
  }
}

type ContentInput = InputOf<'CreateEmailTemplate'> | InputOf<'UpdateEmailTemplate'>;

export function v2TemplateOperations(deps: ControlDeps): OperationSpec[] {
  const onTemplate = {
    resources: (i: { TemplateName: string }, ctx: RequestContext) => [
      arnOf(deps, ctx, 'template', i.TemplateName),
    ],
    conditionKeys: (i: { TemplateName: string }, ctx: RequestContext) =>
      resourceTagKeys(deps, ctx, 'template', i.TemplateName),
  };
  const required = async (ctx: RequestContext, name: string) => {
    const found = await findTemplate(deps, scopeOf(ctx), name);
    if (!found) throw notFound(templateMissingText(name));
    return found.doc;
  };
  const docOf = (i: ContentInput): TemplateDoc => ({
    name: i.TemplateName,
    subject: i.TemplateContent.Subject,
    text: i.TemplateContent.Text,
    html: i.TemplateContent.Html,
    tags: ('Tags' in i ? i.Tags : undefined) ?? [],
  });

  return [
    defineOperation<InputOf<'CreateEmailTemplate'>, OutputOf<'CreateEmailTemplate'>>({
      name: 'CreateEmailTemplate',
      action: 'ses:CreateEmailTemplate',
      resources: (i, ctx) => [arnOf(deps, ctx, 'template', i.TemplateName)],
      conditionKeys: (i) => requestTagKeys(i.Tags),
      async handler(i, ctx) {
        try {
          await createTemplate(deps, scopeOf(ctx), docOf(i));
        } catch (e) {
          throw v2TemplateError(e, i.TemplateName);
        }
        return {};
      },
    }),
    defineOperation<InputOf<'GetEmailTemplate'>, OutputOf<'GetEmailTemplate'>>({
      name: 'GetEmailTemplate',
      action: 'ses:GetEmailTemplate',
      ...onTemplate,
      async handler(i, ctx) {
        const doc = await required(ctx, i.TemplateName);
        return {
          TemplateName: doc.name,
          TemplateContent: { Subject: doc.subject, Text: doc.text, Html: doc.html },
          Tags: doc.tags,
        };
      },
    }),
    defineOperation<InputOf<'UpdateEmailTemplate'>, OutputOf<'UpdateEmailTemplate'>>({
      name: 'UpdateEmailTemplate',
      action: 'ses:UpdateEmailTemplate',
      ...onTemplate,
      async handler(i, ctx) {
        try {
          await updateTemplate(deps, scopeOf(ctx), docOf(i));
        } catch (e) {
          throw v2TemplateError(e, i.TemplateName);
        }
        return {};
      },
    }),
    defineOperation<InputOf<'DeleteEmailTemplate'>, OutputOf<'DeleteEmailTemplate'>>({
      name: 'DeleteEmailTemplate',
      action: 'ses:DeleteEmailTemplate',
      ...onTemplate,
      async handler(i, ctx) {
        if (!(await deps.store.delete(scopeOf(ctx), 'template', i.TemplateName))) {
          throw notFound(templateMissingText(i.TemplateName));
        }
        return {};
      },
    }),
    defineOperation<InputOf<'ListEmailTemplates'>, OutputOf<'ListEmailTemplates'>>({
      name: 'ListEmailTemplates',
      action: 'ses:ListEmailTemplates',
      violations: (i) => pageSizeViolations('PageSize', i.PageSize, 1, 100),
      resources: () => ['*'],
      async handler(i, ctx) {
        // "The value you specify has to be at least 1, and can be no more than 100."
        const size = i.PageSize ?? 10;
        const p = await page<TemplateDoc>(deps.store, scopeOf(ctx), 'template', i.NextToken, size);
        return {
          TemplatesMetadata: p.items.map((r) => ({ TemplateName: r.doc.name, CreatedTimestamp: r.created })),
          NextToken: p.nextToken,
        };
      },
    }),
    defineOperation<InputOf<'TestRenderEmailTemplate'>, OutputOf<'TestRenderEmailTemplate'>>({
      name: 'TestRenderEmailTemplate',
      action: 'ses:TestRenderEmailTemplate',
      ...onTemplate,
      async handler(i, ctx) {
        const doc = await required(ctx, i.TemplateName);
        try {
          const data = parseTemplateData(i.TemplateData);
          const rendered = renderTemplate(templateRecord(doc), data, SES_RENDER_LIMITS.v2);
          return { RenderedTemplate: renderedMime(rendered, deps.store.now(), boundary()) };
        } catch (e) {
          if (e instanceof RenderError) throw badRequest(e.message);
          throw e;
        }
      },
    }),
  ];
}

export const boundary = () => `----=_Part_${randomBytes(12).toString('hex')}`;
