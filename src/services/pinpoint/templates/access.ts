/**
 * What template operations are authorized on (list_amazonpinpoint.html, resource types `template`,
 * `arn:${Partition}:mobiletargeting:${Region}:${Account}:templates/${TemplateName}/${ChannelType}`
 * with aws:ResourceTag, and `templates`, `…:templates`; developerguide/permissions-actions.html,
 * "Message templates", gives the same ARNs per action).
 */
import type { RequestContext } from '../../../wire/context.js';
import { pinpointArn, resourceTagKeys, scopeOf } from '../input.js';
import type { Scope } from '../store.js';
import type { TemplateDocuments } from './documents.js';

export interface TemplateDeps {
  docs: TemplateDocuments;
  now: () => Date;
}

export const templateArn = (scope: Scope, name: string, type = 'EMAIL') =>
  pinpointArn(scope, `templates/${name}/${type}`);

/** `templates`: what ListTemplates is authorized on. */
export const templatesArn = (scope: Scope) => pinpointArn(scope, 'templates');

/** An operation on one template: its ARN, with the template's tags as aws:ResourceTag. */
export function onTemplate(deps: TemplateDeps) {
  return {
    resources: (i: { name: string; type?: string }, ctx: RequestContext) => [
      templateArn(scopeOf(ctx), i.name, i.type),
    ],
    conditionKeys: async (i: { name: string; type?: string }, ctx: RequestContext) =>
      resourceTagKeys((await deps.docs.typed(i.type ?? 'EMAIL').template(scopeOf(ctx), i.name))?.tags),
  };
}
