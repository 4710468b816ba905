/**
 * SES v1 custom verification email templates over the documents v2 uses (custom-verification.ts):
 * CreateCustomVerificationEmailTemplate, GetCustomVerificationEmailTemplate,
 * UpdateCustomVerificationEmailTemplate, DeleteCustomVerificationEmailTemplate,
 * ListCustomVerificationEmailTemplates, SendCustomVerificationEmail
 * (APIReference/API_CreateCustomVerificationEmailTemplate.html and siblings). Errors as the v1
 * model names them: CustomVerificationEmailTemplateAlreadyExists,
 * CustomVerificationEmailTemplateDoesNotExist, FromEmailAddressNotVerified, LimitExceeded,
 * ConfigurationSetDoesNotExist. SES v1 has no resource type for these (list_amazonses.html), so
 * each authorizes on "*", as the v1 templates do.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
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
import {
  configSetDoesNotExist,
  customVerificationTemplateExists,
  customVerificationTemplateMissing,
  fromEmailAddressNotVerified,
  invalidParameterValue,
  v1LimitExceeded,
} from './errors.js';
import { checkV1Email } from './identities.js';
import { scopeOf } from './input.js';
import { page } from './paging.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/ses.js';
import { memberPath, memberViolations } from '../../../wire/model/violations.js';

function v1Error(e: unknown, name: string): unknown {
  if (!(e instanceof CustomVerificationError)) return e;
  switch (e.fault.kind) {
    case 'missing':
      return customVerificationTemplateMissing(missingText(name));
    case 'exists':
      return customVerificationTemplateExists(existsText(name));
    case 'limit':
      return v1LimitExceeded(limitText());
    case 'from-not-verified':
      return fromEmailAddressNotVerified(fromNotVerifiedText(e.fault.address));
    case 'too-large':
      return invalidParameterValue(tooLargeText());
    case 'bad-url':
      return invalidParameterValue(badUrlText(e.fault.which));
  }
}

/**
 * The model sets TemplateName no minimum length, but an empty name names nothing: refused before
 * authorization, as Pinpost's own reading did before the model typed the input.
 */
const named = (i: { TemplateName?: string }) =>
  memberViolations(memberPath('TemplateName'), i.TemplateName, { minLength: 1 });

export function v1CustomVerificationOperations(deps: ControlDeps): OperationSpec[] {
  const any = () => ['*'];
  return [
    defineOperation<
      InputOf<'CreateCustomVerificationEmailTemplate'>,
      OutputOf<'CreateCustomVerificationEmailTemplate'>
    >({
      name: 'CreateCustomVerificationEmailTemplate',
      action: 'ses:CreateCustomVerificationEmailTemplate',
      violations: named,
      resources: any,
      async handler(i, ctx) {
        try {
          await createCustomTemplate(deps, scopeOf(ctx), { ...i, tags: [] });
        } catch (e) {
          throw v1Error(e, i.TemplateName);
        }
      },
    }),
    defineOperation<
      InputOf<'GetCustomVerificationEmailTemplate'>,
      OutputOf<'GetCustomVerificationEmailTemplate'>
    >({
      name: 'GetCustomVerificationEmailTemplate',
      action: 'ses:GetCustomVerificationEmailTemplate',
      violations: named,
      resources: any,
      async handler(i, ctx) {
        const found = await findCustomTemplate(deps, scopeOf(ctx), i.TemplateName);
        if (!found) throw customVerificationTemplateMissing(missingText(i.TemplateName));
        return { ...metadataOf(found.doc), TemplateContent: found.doc.TemplateContent };
      },
    }),
    defineOperation<
      InputOf<'UpdateCustomVerificationEmailTemplate'>,
      OutputOf<'UpdateCustomVerificationEmailTemplate'>
    >({
      name: 'UpdateCustomVerificationEmailTemplate',
      action: 'ses:UpdateCustomVerificationEmailTemplate',
      violations: named,
      resources: any,
      // Only the name is required in v1: the members given replace the stored ones.
      async handler(i, ctx) {
        const { TemplateName, ...change } = i;
        try {
          await updateCustomTemplate(deps, scopeOf(ctx), TemplateName, change);
        } catch (e) {
          throw v1Error(e, TemplateName);
        }
      },
    }),
    defineOperation<
      InputOf<'DeleteCustomVerificationEmailTemplate'>,
      OutputOf<'DeleteCustomVerificationEmailTemplate'>
    >({
      name: 'DeleteCustomVerificationEmailTemplate',
      action: 'ses:DeleteCustomVerificationEmailTemplate',
      violations: named,
      resources: any,
      async handler(i, ctx) {
        try {
          await deleteCustomTemplate(deps, scopeOf(ctx), i.TemplateName);
        } catch (e) {
          throw v1Error(e, i.TemplateName);
        }
      },
    }),
    defineOperation<
      InputOf<'ListCustomVerificationEmailTemplates'>,
      OutputOf<'ListCustomVerificationEmailTemplates'>
    >({
      name: 'ListCustomVerificationEmailTemplates',
      action: 'ses:ListCustomVerificationEmailTemplates',
      resources: any,
      async handler(i, ctx) {
        // "If you do not specify a value, or if you specify a value less than 1 or greater than 50,
        // the operation returns up to 50 results." (API_ListCustomVerificationEmailTemplates.html)
        const size =
          i.MaxResults !== undefined && i.MaxResults >= 1 && i.MaxResults <= 50 ? i.MaxResults : 50;
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
      violations: named,
      resources: any,
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        // The address is checked before the template; v1's missing-template text differs from
        // the CRUD operations' (floci-io/floci#2191, from AWS).
        checkV1Email(i.EmailAddress);
        const template = (await findCustomTemplate(deps, scope, i.TemplateName))?.doc;
        if (!template) throw customVerificationTemplateMissing(`Template <${i.TemplateName}> does not exist`);
        if (!(await senderVerified(deps, scope, template.FromEmailAddress))) {
          throw fromEmailAddressNotVerified(
            `Email address is not verified. The following identities failed the check in region ${scope.region.toUpperCase()}: ${template.FromEmailAddress}`,
          );
        }
        if (i.ConfigurationSetName && !(await deps.store.get(scope, 'configset', i.ConfigurationSetName)))
          throw configSetDoesNotExist(i.ConfigurationSetName);
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
