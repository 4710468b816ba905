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
import { check, int, scopeOf, str, type Raw } from './input.js';
import { page } from './paging.js';
import type { OutputOf } from '../../../wire/model/types/ses.js';

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

const MEMBERS = [
  'FromEmailAddress',
  'TemplateSubject',
  'TemplateContent',
  'SuccessRedirectionURL',
  'FailureRedirectionURL',
] as const;
type Members = Record<(typeof MEMBERS)[number], string | undefined>;

const nameOf = (raw: Raw) => {
  const name = str(raw, 'TemplateName');
  check('v1', [['TemplateName', name, { required: true, min: 1 }]]);
  return name as string;
};
const membersOf = (raw: Raw) => Object.fromEntries(MEMBERS.map((m) => [m, str(raw, m)])) as Members;

export function v1CustomVerificationOperations(deps: ControlDeps): OperationSpec[] {
  const any = () => ['*'];
  return [
    defineOperation<
      Omit<CustomVerificationTemplateDoc, 'tags'>,
      OutputOf<'CreateCustomVerificationEmailTemplate'>
    >({
      name: 'CreateCustomVerificationEmailTemplate',
      action: 'ses:CreateCustomVerificationEmailTemplate',
      parse(raw) {
        const input = { TemplateName: nameOf(raw), ...membersOf(raw) };
        check(
          'v1',
          MEMBERS.map((m) => [m, input[m], { required: true }]),
        );
        return input as Omit<CustomVerificationTemplateDoc, 'tags'>;
      },
      resources: any,
      async handler(i, ctx) {
        try {
          await createCustomTemplate(deps, scopeOf(ctx), { ...i, tags: [] });
        } catch (e) {
          throw v1Error(e, i.TemplateName);
        }
      },
    }),
    defineOperation<{ TemplateName: string }, OutputOf<'GetCustomVerificationEmailTemplate'>>({
      name: 'GetCustomVerificationEmailTemplate',
      action: 'ses:GetCustomVerificationEmailTemplate',
      parse: (raw) => ({ TemplateName: nameOf(raw) }),
      resources: any,
      async handler(i, ctx) {
        const found = await findCustomTemplate(deps, scopeOf(ctx), i.TemplateName);
        if (!found) throw customVerificationTemplateMissing(missingText(i.TemplateName));
        return { ...metadataOf(found.doc), TemplateContent: found.doc.TemplateContent };
      },
    }),
    defineOperation<{ TemplateName: string } & Members, OutputOf<'UpdateCustomVerificationEmailTemplate'>>({
      name: 'UpdateCustomVerificationEmailTemplate',
      action: 'ses:UpdateCustomVerificationEmailTemplate',
      // Only the name is required in v1: the members given replace the stored ones.
      parse: (raw) => ({ TemplateName: nameOf(raw), ...membersOf(raw) }),
      resources: any,
      async handler(i, ctx) {
        const { TemplateName, ...change } = i;
        try {
          await updateCustomTemplate(deps, scopeOf(ctx), TemplateName, change);
        } catch (e) {
          throw v1Error(e, TemplateName);
        }
      },
    }),
    defineOperation<{ TemplateName: string }, OutputOf<'DeleteCustomVerificationEmailTemplate'>>({
      name: 'DeleteCustomVerificationEmailTemplate',
      action: 'ses:DeleteCustomVerificationEmailTemplate',
      parse: (raw) => ({ TemplateName: nameOf(raw) }),
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
      { NextToken?: string; MaxResults?: number },
      OutputOf<'ListCustomVerificationEmailTemplates'>
    >({
      name: 'ListCustomVerificationEmailTemplates',
      action: 'ses:ListCustomVerificationEmailTemplates',
      parse: (raw) => ({ NextToken: str(raw, 'NextToken'), MaxResults: int(raw, 'MaxResults') }),
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
    defineOperation<
      { EmailAddress: string; TemplateName: string; ConfigurationSetName?: string },
      OutputOf<'SendCustomVerificationEmail'>
    >({
      name: 'SendCustomVerificationEmail',
      action: 'ses:SendCustomVerificationEmail',
      parse(raw) {
        const input = {
          EmailAddress: str(raw, 'EmailAddress') as string,
          TemplateName: nameOf(raw),
          ConfigurationSetName: str(raw, 'ConfigurationSetName'),
        };
        check('v1', [['EmailAddress', input.EmailAddress, { required: true }]]);
        return input;
      },
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
