/**
 * Create<Type>Template (201), Get<Type>Template, Update<Type>Template (202), Delete<Type>Template
 * (202) for every template type (apireference/templates-template-name-<type>.html). Versioning as
 * userguide/message-templates-versioning.html and the model's `version` documentation describe it:
 * a new template is Version 1 and active; an update overwrites the latest version unless
 * create-new-version is true; version numbers are never reused; at most 5,000 versions
 * (developerguide/quotas.html); `version` on an update must name the latest version.
 */
import type { RequestContext } from '../../../wire/context.js';
import type { OutputOf } from '../../../wire/model/types/pinpoint.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { badRequest } from '../errors.js';
import { requestTagKeys, scopeOf, str, type Raw } from '../input.js';
import { onTemplate, templateArn, type TemplateDeps } from './access.js';
import type { TemplateDoc, TemplateType, VersionDoc } from './documents.js';
import { latestVersion, requireTemplate, requireVersion } from './lookup.js';
import { templateName } from './request.js';

/** One template type: its operations' names, path, payloads and how its request is read. */
export interface TemplateTypeSpec {
  /** pinpoint/2016-12-01 TemplateType (EMAIL, SMS, VOICE, PUSH, INAPP). */
  type: TemplateType;
  /** The path segment after the name (`email`, `sms`, `voice`, `push`, `inapp`). */
  segment: string;
  /** The operations' middle (`Sms` → CreateSmsTemplate). */
  op: TemplateOp;
  request: string;
  response: string;
  /** The create operation's output payload (CreateTemplateMessageBody; in-app's TemplateCreateMessageBody). */
  created: 'CreateTemplateMessageBody' | 'TemplateCreateMessageBody';
  /** Reads the request payload: the version's content and the tags; checks before any write. */
  read(raw: Raw): { content: object; tags?: Record<string, string> };
}

/** The operations' middles, as the model names them (CreateSmsTemplate, GetInAppTemplate …). */
export type TemplateOp = 'Email' | 'Sms' | 'Voice' | 'Push' | 'InApp';

/** developerguide/quotas.html, "Message template quotas". */
export const MAX_TEMPLATES = 20_000;
export const MAX_VERSIONS = 5_000;

/** MessageBody.Message of accepted writes: Pinpost's wording (the endpoint operations send the same). */
const ACCEPTED = 'Accepted';

export function templateResponse(t: TemplateDoc, v: VersionDoc) {
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

export function templateOperations(base: TemplateDeps, spec: TemplateTypeSpec): OperationSpec[] {
  const PATH = `/v1/templates/{template-name}/${spec.segment}`;
  const deps: TemplateDeps = { ...base, docs: base.docs.typed(spec.type) };
  // The template's ARN names its type (access.ts): `templates/<name>/<TYPE>`.
  const typed = <T extends { name: string }>(i: T) => ({ ...i, type: spec.type });
  const authorize = onTemplate(deps);
  const onThis = {
    resources: (i: { name: string }, ctx: RequestContext) => authorize.resources(typed(i), ctx),
    conditionKeys: (i: { name: string }, ctx: RequestContext) => authorize.conditionKeys(typed(i), ctx),
  };
  const create = defineOperation<
    { name: string; content: object; tags?: Record<string, string> },
    OutputOf<`Create${TemplateOp}Template`>
  >({
    name: `Create${spec.op}Template`,
    action: `mobiletargeting:Create${spec.op}Template`,
    http: { method: 'POST', path: PATH, successCode: 201, payload: spec.request },
    output: { payload: spec.created },
    parse: (raw) => ({ name: templateName(raw), ...spec.read(raw) }),
    resources: (i, ctx) => [templateArn(scopeOf(ctx), i.name, spec.type)],
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
        const arn = templateArn(scope, i.name, spec.type);
        await deps.docs.putTemplate(scope, {
          TemplateName: i.name,
          TemplateType: spec.type,
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
        const created = { Arn: arn, Message: 'Created', RequestID: ctx.requestId };
        return spec.created === 'TemplateCreateMessageBody'
          ? { TemplateCreateMessageBody: created }
          : { CreateTemplateMessageBody: created };
      });
    },
  });

  const get = defineOperation<{ name: string; version?: string }, OutputOf<`Get${TemplateOp}Template`>>({
    name: `Get${spec.op}Template`,
    action: `mobiletargeting:Get${spec.op}Template`,
    http: { method: 'GET', path: PATH, query: { Version: 'version' } },
    output: { payload: spec.response },
    parse: (raw) => ({ name: templateName(raw), version: str(raw, 'Version') }),
    ...onThis,
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      const t = await requireTemplate(deps, scope, i.name);
      // No version: the active one (the model's `version` documentation, "For a get operation").
      const v = await requireVersion(deps, scope, i.name, i.version ?? t.ActiveVersion);
      // The version's content is this type's request payload as spec.read kept it: members of this
      // type's <Type>TemplateResponse, under the name spec.response gives it.
      const output: Record<string, ReturnType<typeof templateResponse>> = {
        [spec.response]: templateResponse(t, v),
      };
      return output as unknown as OutputOf<`Get${TemplateOp}Template`>;
    },
  });

  const update = defineOperation<
    { name: string; content: object; newVersion: boolean; version?: string },
    OutputOf<`Update${TemplateOp}Template`>
  >({
    name: `Update${spec.op}Template`,
    action: `mobiletargeting:Update${spec.op}Template`,
    http: {
      method: 'PUT',
      path: PATH,
      successCode: 202,
      payload: spec.request,
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
      return { name, newVersion, version, content: spec.read(raw).content };
    },
    ...onThis,
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      return deps.docs.store.transaction(async () => {
        const t = await requireTemplate(deps, scope, i.name, true);
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

  const remove = defineOperation<{ name: string; version?: string }, OutputOf<`Delete${TemplateOp}Template`>>(
    {
      name: `Delete${spec.op}Template`,
      action: `mobiletargeting:Delete${spec.op}Template`,
      http: { method: 'DELETE', path: PATH, successCode: 202, query: { Version: 'version' } },
      output: { payload: 'MessageBody' },
      parse: (raw) => ({ name: templateName(raw), version: str(raw, 'Version') }),
      ...onThis,
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        return deps.docs.store.transaction(async () => {
          const t = await requireTemplate(deps, scope, i.name, true);
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
    },
  );

  return [create, get, update, remove];
}
