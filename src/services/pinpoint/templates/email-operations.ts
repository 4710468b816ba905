/**
 * CreateEmailTemplate (201), GetEmailTemplate, UpdateEmailTemplate (202), DeleteEmailTemplate (202)
 * (apireference/templates-template-name-email.html). Versioning as userguide/
 * message-templates-versioning.html and the model's `version` documentation describe it: a new
 * template is Version 1 and active; an update overwrites the latest version unless
 * create-new-version is true; version numbers are never reused; at most 5,000 versions
 * (developerguide/quotas.html); `version` on an update must name the latest version.
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { badRequest } from '../errors.js';
import { requestTagKeys, scopeOf, str, type Raw } from '../input.js';
import { onTemplate, templateArn, type TemplateDeps } from './access.js';
import type { EmailVersionContent, TemplateDoc, VersionDoc } from './documents.js';
import { latestVersion, requireTemplate, requireVersion } from './lookup.js';
import { emailTemplateRequest, templateName } from './request.js';

/** developerguide/quotas.html, "Message template quotas". */
export const MAX_TEMPLATES = 20_000;
export const MAX_VERSIONS = 5_000;

const PATH = '/v1/templates/{template-name}/email';

/** MessageBody.Message of accepted writes: Pinpost's wording (the endpoint operations send the same). */
const ACCEPTED = 'Accepted';

export function emailTemplateResponse(t: TemplateDoc, v: VersionDoc) {
  const { Version, LastModifiedDate, CreationDate: _created, ...content } = v;
  return {
    ...content,
    Arn: t.Arn,
    CreationDate: t.CreationDate,
    LastModifiedDate,
    TemplateName: t.TemplateName,
    TemplateType: t.TemplateType,
    Version,
    tags: t.tags,
  };
}

const messageBody = (ctx: RequestContext) => ({
  MessageBody: { Message: ACCEPTED, RequestID: ctx.requestId },
});

function createNewVersion(raw: Raw): boolean {
  const v = raw.CreateNewVersion;
  if (v === undefined) return false;
  if (v === 'true' || v === true) return true;
  if (v === 'false' || v === false) return false;
  throw badRequest(`Invalid create-new-version: ${String(v)}`);
}

export function emailTemplateOperations(deps: TemplateDeps): OperationSpec[] {
  const create = defineOperation<
    { name: string; content: EmailVersionContent; tags?: Record<string, string> },
    unknown
  >({
    name: 'CreateEmailTemplate',
    action: 'mobiletargeting:CreateEmailTemplate',
    http: { method: 'POST', path: PATH, successCode: 201, payload: 'EmailTemplateRequest' },
    output: { payload: 'CreateTemplateMessageBody' },
    parse: (raw) => ({ name: templateName(raw), ...emailTemplateRequest(raw) }),
    resources: (i, ctx) => [templateArn(scopeOf(ctx), i.name)],
    // Tagging on creation also needs mobiletargeting:TagResource, as CreateApp (apps.ts).
    additionalActions: (i) => (i.tags && Object.keys(i.tags).length ? ['mobiletargeting:TagResource'] : []),
    conditionKeys: (i) => requestTagKeys(i.tags),
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      return deps.docs.store.transaction(async () => {
        // Pinpost's wording: AWS documents no text for these two refusals.
        if (await deps.docs.template(scope, i.name)) throw badRequest(`Template ${i.name} already exists`);
        if ((await deps.docs.count(scope)) >= MAX_TEMPLATES) {
          throw badRequest(`You can have at most ${MAX_TEMPLATES} message templates`);
        }
        const now = deps.now().toISOString();
        const arn = templateArn(scope, i.name);
        await deps.docs.putTemplate(scope, {
          TemplateName: i.name,
          TemplateType: 'EMAIL',
          Arn: arn,
          CreationDate: now,
          LastModifiedDate: now,
          ActiveVersion: '1',
          LastVersionNumber: 1,
          tags: i.tags ?? {},
        });
        await deps.docs.putVersion(scope, i.name, {
          ...i.content,
          Version: '1',
          CreationDate: now,
          LastModifiedDate: now,
        });
        // "Message": "Created" (aws-cli examples/pinpoint/create-sms-template.rst).
        return { CreateTemplateMessageBody: { Arn: arn, Message: 'Created', RequestID: ctx.requestId } };
      });
    },
  });

  const get = defineOperation<{ name: string; version?: string }, unknown>({
    name: 'GetEmailTemplate',
    action: 'mobiletargeting:GetEmailTemplate',
    http: { method: 'GET', path: PATH, query: { Version: 'version' } },
    output: { payload: 'EmailTemplateResponse' },
    parse: (raw) => ({ name: templateName(raw), version: str(raw, 'Version') }),
    ...onTemplate(deps),
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      const t = await requireTemplate(deps, scope, i.name);
      // No version: the active one (the model's `version` documentation, "For a get operation").
      const v = await requireVersion(deps, scope, i.name, i.version ?? t.ActiveVersion);
      return { EmailTemplateResponse: emailTemplateResponse(t, v) };
    },
  });

  const update = defineOperation<
    { name: string; content: EmailVersionContent; newVersion: boolean; version?: string },
    unknown
  >({
    name: 'UpdateEmailTemplate',
    action: 'mobiletargeting:UpdateEmailTemplate',
    http: {
      method: 'PUT',
      path: PATH,
      successCode: 202,
      payload: 'EmailTemplateRequest',
      query: { CreateNewVersion: 'create-new-version', Version: 'version' },
    },
    output: { payload: 'MessageBody' },
    parse(raw) {
      const name = templateName(raw);
      const newVersion = createNewVersion(raw);
      const version = str(raw, 'Version');
      // "If you specify a value of true for this parameter, don't specify a value for the version
      // parameter. Otherwise, an error will occur." (CreateNewVersion); the text is Pinpost's.
      if (newVersion && version !== undefined) {
        throw badRequest('Specify either create-new-version=true or a version, not both');
      }
      return { name, newVersion, version, content: emailTemplateRequest(raw).content };
    },
    ...onTemplate(deps),
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      return deps.docs.store.transaction(async () => {
        const t = await requireTemplate(deps, scope, i.name);
        const now = deps.now().toISOString();
        const latest = (await latestVersion(deps, scope, i.name))!;
        if (i.version !== undefined) {
          await requireVersion(deps, scope, i.name, i.version);
          if (i.version !== latest.Version) {
            throw badRequest(
              `Version ${i.version} isn't the latest version of the template (${latest.Version})`,
            );
          }
        }
        if (i.newVersion) {
          if ((await deps.docs.versions(scope, i.name)).length >= MAX_VERSIONS) {
            throw badRequest(`A template can have at most ${MAX_VERSIONS} versions`);
          }
          const number = t.LastVersionNumber + 1;
          await deps.docs.putVersion(scope, i.name, {
            ...i.content,
            Version: String(number),
            CreationDate: now,
            LastModifiedDate: now,
          });
          await deps.docs.putTemplate(scope, { ...t, LastVersionNumber: number, LastModifiedDate: now });
        } else {
          await deps.docs.putVersion(scope, i.name, {
            ...i.content,
            Version: latest.Version,
            CreationDate: latest.CreationDate,
            LastModifiedDate: now,
          });
          await deps.docs.putTemplate(scope, { ...t, LastModifiedDate: now });
        }
        return messageBody(ctx);
      });
    },
  });

  const remove = defineOperation<{ name: string; version?: string }, unknown>({
    name: 'DeleteEmailTemplate',
    action: 'mobiletargeting:DeleteEmailTemplate',
    http: { method: 'DELETE', path: PATH, successCode: 202, query: { Version: 'version' } },
    output: { payload: 'MessageBody' },
    parse: (raw) => ({ name: templateName(raw), version: str(raw, 'Version') }),
    ...onTemplate(deps),
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      return deps.docs.store.transaction(async () => {
        const t = await requireTemplate(deps, scope, i.name);
        // No version: "deletes the template, including all versions of the template".
        if (i.version === undefined) {
          await deps.docs.deleteTemplate(scope, i.name);
          return messageBody(ctx);
        }
        await requireVersion(deps, scope, i.name, i.version);
        await deps.docs.deleteVersion(scope, i.name, i.version);
        const latest = await latestVersion(deps, scope, i.name);
        if (!latest) {
          // Its last version gone, nothing of the template is left (Pinpost's reading).
          await deps.docs.deleteTemplate(scope, i.name);
          return messageBody(ctx);
        }
        // "One version has to be designated as the active version" (message-templates-versioning.html):
        // when the active one goes, Pinpost makes the latest remaining version active.
        const active = t.ActiveVersion === i.version ? latest.Version : t.ActiveVersion;
        await deps.docs.putTemplate(scope, {
          ...t,
          ActiveVersion: active,
          LastModifiedDate: deps.now().toISOString(),
        });
        return messageBody(ctx);
      });
    },
  });

  return [create, get, update, remove];
}
