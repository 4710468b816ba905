/**
 * SES v2 custom verification email templates: CreateCustomVerificationEmailTemplate,
 * GetCustomVerificationEmailTemplate, UpdateCustomVerificationEmailTemplate,
 * DeleteCustomVerificationEmailTemplate, ListCustomVerificationEmailTemplates and
 * SendCustomVerificationEmail (APIReference-V2/API_CreateCustomVerificationEmailTemplate.html and
 * siblings), over the documents v1 uses (custom-verification.ts). Authorized on
 * `custom-verification-email-template/<name>` (list_amazonses.html, resource types); a template
 * made with Tags is tagged like the other v2 resources (v2-tags.ts).
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { accountPaused, notVerified } from '../sending/errors.js';
import { getAccount } from './account.js';
import { arnOf, requestTagKeys, resourceTagKeys } from './authz.js';
import {
  badUrlText,
  createCustomTemplate,
  CustomVerificationError,
  deleteCustomTemplate,
  existsText,
  findCustomTemplate,
  fromNotVerifiedText,
  limitText,
  metadataOf,
  missingText,
  senderVerified,
  sendCustomVerification,
  tooLargeText,
  updateCustomTemplate,
  type CustomVerificationTemplateDoc,
} from './custom-verification.js';
import type { ControlDeps } from './deps.js';
import { alreadyExists, badRequest, configSetMissingText, limitExceeded, notFound } from './errors.js';
import { isEmail } from './identities.js';
import { pageSizeViolations, scopeOf } from './input.js';
import { page } from './paging.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

function v2Error(e: unknown, name: string): unknown {
  if (!(e instanceof CustomVerificationError)) return e;
  switch (e.fault.kind) {
    case 'missing':
      return notFound(missingText(name));
    case 'exists':
      return alreadyExists(existsText(name));
    case 'limit':
      return limitExceeded(limitText());
    // The v2 model's NotFoundException on Create is this one (floci-io/floci#1840 from AWS).
    case 'from-not-verified':
      return notFound(fromNotVerifiedText(e.fault.address));
    case 'too-large':
      return badRequest(tooLargeText());
    case 'bad-url':
      return badRequest(badUrlText(e.fault.which));
  }
}

export function v2CustomVerificationOperations(deps: ControlDeps): OperationSpec[] {
  const arn = (ctx: RequestContext, name: string) =>
    arnOf(deps, ctx, 'custom-verification-email-template', name);
  const onTemplate = {
    resources: (i: { TemplateName: string }, ctx: RequestContext) => [arn(ctx, i.TemplateName)],
    conditionKeys: (i: { TemplateName: string }, ctx: RequestContext) =>
      resourceTagKeys(deps, ctx, 'custom-verification-email-template', i.TemplateName),
  };

  return [
    defineOperation<
      InputOf<'CreateCustomVerificationEmailTemplate'>,
      OutputOf<'CreateCustomVerificationEmailTemplate'>
    >({
      name: 'CreateCustomVerificationEmailTemplate',
      action: 'ses:CreateCustomVerificationEmailTemplate',
      resources: (i, ctx) => [arn(ctx, i.TemplateName)],
      conditionKeys: (i) => requestTagKeys(i.Tags),
      async handler(i, ctx) {
        const { Tags, ...doc } = i;
        try {
          await createCustomTemplate(deps, scopeOf(ctx), { ...doc, tags: Tags ?? [] });
        } catch (e) {
          throw v2Error(e, i.TemplateName);
        }
        return {};
      },
    }),
    defineOperation<
      InputOf<'GetCustomVerificationEmailTemplate'>,
      OutputOf<'GetCustomVerificationEmailTemplate'>
    >({
      name: 'GetCustomVerificationEmailTemplate',
      action: 'ses:GetCustomVerificationEmailTemplate',
      ...onTemplate,
      async handler(i, ctx) {
        const found = await findCustomTemplate(deps, scopeOf(ctx), i.TemplateName);
        if (!found) throw notFound(missingText(i.TemplateName));
        return { ...metadataOf(found.doc), TemplateContent: found.doc.TemplateContent, Tags: found.doc.tags };
      },
    }),
    defineOperation<
      InputOf<'UpdateCustomVerificationEmailTemplate'>,
      OutputOf<'UpdateCustomVerificationEmailTemplate'>
    >({
      name: 'UpdateCustomVerificationEmailTemplate',
      action: 'ses:UpdateCustomVerificationEmailTemplate',
      ...onTemplate,
      async handler(i, ctx) {
        const { TemplateName, ...change } = i;
        try {
          await updateCustomTemplate(deps, scopeOf(ctx), TemplateName, change);
        } catch (e) {
          throw v2Error(e, TemplateName);
        }
        return {};
      },
    }),
    defineOperation<
      InputOf<'DeleteCustomVerificationEmailTemplate'>,
      OutputOf<'DeleteCustomVerificationEmailTemplate'>
    >({
      name: 'DeleteCustomVerificationEmailTemplate',
      action: 'ses:DeleteCustomVerificationEmailTemplate',
      ...onTemplate,
      async handler(i, ctx) {
        try {
          await deleteCustomTemplate(deps, scopeOf(ctx), i.TemplateName);
        } catch (e) {
          throw v2Error(e, i.TemplateName);
        }
        return {};
      },
    }),
    defineOperation<
      InputOf<'ListCustomVerificationEmailTemplates'>,
      OutputOf<'ListCustomVerificationEmailTemplates'>
    >({
      name: 'ListCustomVerificationEmailTemplates',
      action: 'ses:ListCustomVerificationEmailTemplates',
      violations: (i) => pageSizeViolations('PageSize', i.PageSize, 1, 50),
      resources: () => ['*'],
      async handler(i, ctx) {
        // "The value you specify has to be at least 1, and can be no more than 50."
        const size = i.PageSize ?? 50;
        const p = await page<CustomVerificationTemplateDoc>(
          deps.store,
          scopeOf(ctx),
          'cvtemplate',
          i.NextToken,
          size,
        );
        return {
          CustomVerificationEmailTemplates: p.items.map((r) => metadataOf(r.doc)),
          NextToken: p.nextToken,
        };
      },
    }),
    defineOperation<InputOf<'SendCustomVerificationEmail'>, OutputOf<'SendCustomVerificationEmail'>>({
      name: 'SendCustomVerificationEmail',
      action: 'ses:SendCustomVerificationEmail',
      ...onTemplate,
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        // The address is checked before the template (floci-io/floci#2191, from AWS).
        if (!isEmail(i.EmailAddress)) throw badRequest(`Invalid email address<${i.EmailAddress}>.`);
        const template = (await findCustomTemplate(deps, scope, i.TemplateName))?.doc;
        if (!template) throw notFound(missingText(i.TemplateName));
        if (!(await getAccount(deps, scope)).sendingEnabled) throw accountPaused('v2');
        if (!(await senderVerified(deps, scope, template.FromEmailAddress)))
          throw notVerified(scope.region, [template.FromEmailAddress]);
        if (i.ConfigurationSetName && !(await deps.store.get(scope, 'configset', i.ConfigurationSetName)))
          throw notFound(configSetMissingText(i.ConfigurationSetName));
        const id = await sendCustomVerification(
          deps,
          scope,
          template,
          i.EmailAddress,
          i.ConfigurationSetName,
        );
        return { MessageId: id };
      },
    }),
  ];
}
