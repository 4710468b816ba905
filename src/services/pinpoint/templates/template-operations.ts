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
import { requestTagKeys, scopeOf } from '../input.js';
import { onTemplate, templateArn, type TemplateDeps } from './access.js';
import type { TemplateDoc, TemplateType, VersionDoc } from './documents.js';
import { latestVersion, requireTemplate, requireVersion } from './lookup.js';
import { checkTemplateName } from './request.js';

/** What every template type's request payload carries besides its content. */
export interface TemplateRequestBody {
  /** Only Create<Type>Template applies them: updates ignore tags since 2023-05-22 (the model's note). */
  tags?: Record<string, string>;
}

/** One template type: its operations' names, path, payloads and how its request is checked. */
export interface TemplateTypeSpec<B extends TemplateRequestBody> {
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
  /**
   * The version's content of the request payload (`undefined` when the request has none), checked
   * before any write; the handler calls it, as Pinpoint reads the body once it has authorized.
   */
  content(body: B | undefined): object;
}

/** A template operation's model-typed input: the path's name, the query and the payload member. */
interface TemplateInput {
  TemplateName: string;
  CreateNewVersion?: boolean;
  Version?: string;
  [payload: string]: unknown;
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

export function templateOperations<B extends TemplateRequestBody>(
  base: TemplateDeps,
  spec: TemplateTypeSpec<B>,
): OperationSpec[] {
  const PATH = `/v1/templates/{template-name}/${spec.segment}`;
  const deps: TemplateDeps = { ...base, docs: base.docs.typed(spec.type) };
  // The template's ARN names its type (access.ts): `templates/<name>/<TYPE>`.
  const typed = (i: TemplateInput) => ({ name: i.TemplateName, type: spec.type });
  const authorize = onTemplate(deps);
  const onThis = {
    resources: (i: TemplateInput, ctx: RequestContext) => authorize.resources(typed(i), ctx),
    conditionKeys: (i: TemplateInput, ctx: RequestContext) => authorize.conditionKeys(typed(i), ctx),
  };
  /** The payload member spec.request names; the model typed it as this type's request. */
  const bodyOf = (i: TemplateInput) => i[spec.request] as B | undefined;
  /** The path's name is refused before authorization, as the reading it replaces refused it. */
  const check = (i: TemplateInput) => checkTemplateName(i.TemplateName);

  const create = defineOperation<TemplateInput, OutputOf<`Create${TemplateOp}Template`>>({
    name: `Create${spec.op}Template`,
    action: `mobiletargeting:Create${spec.op}Template`,
    http: { method: 'POST', path: PATH, successCode: 201, payload: spec.request },
    output: { payload: spec.created },
    check,
    resources: (i, ctx) => [templateArn(scopeOf(ctx), i.TemplateName, spec.type)],
    // Tagging on creation also needs mobiletargeting:TagResource, as CreateApp (apps.ts).
    additionalActions: (i) => {
      const tags = bodyOf(i)?.tags;
      return tags && Object.keys(tags).length ? ['mobiletargeting:TagResource'] : [];
    },
    conditionKeys: (i) => requestTagKeys(bodyOf(i)?.tags),
    async handler(input, ctx) {
      const i = { name: input.TemplateName, content: spec.content(bodyOf(input)), tags: bodyOf(input)?.tags };
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

  const get = defineOperation<TemplateInput, OutputOf<`Get${TemplateOp}Template`>>({
    name: `Get${spec.op}Template`,
    action: `mobiletargeting:Get${spec.op}Template`,
    http: { method: 'GET', path: PATH, query: { Version: 'version' } },
    output: { payload: spec.response },
    check,
    ...onThis,
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      const t = await requireTemplate(deps, scope, i.TemplateName);
      // No version: the active one (the model's `version` documentation, "For a get operation").
      const v = await requireVersion(deps, scope, i.TemplateName, i.Version ?? t.ActiveVersion);
      // The version's content is this type's request payload as spec.content kept it: members of this
      // type's <Type>TemplateResponse, under the name spec.response gives it.
      const output: Record<string, ReturnType<typeof templateResponse>> = {
        [spec.response]: templateResponse(t, v),
      };
      return output as unknown as OutputOf<`Get${TemplateOp}Template`>;
    },
  });

  const update = defineOperation<TemplateInput, OutputOf<`Update${TemplateOp}Template`>>({
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
    check(i) {
      check(i);
      // "If you specify a value of true for this parameter, don't specify a value for the version
      // parameter. Otherwise, an error will occur." (CreateNewVersion); the text is Pinpost's.
      if (i.CreateNewVersion === true && i.Version !== undefined) {
        throw badRequest('Specify either create-new-version=true or a version, not both');
      }
    },
    ...onThis,
    async handler(input, ctx) {
      const i = {
        name: input.TemplateName,
        newVersion: input.CreateNewVersion === true,
        version: input.Version,
        content: spec.content(bodyOf(input)),
      };
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

  const remove = defineOperation<TemplateInput, OutputOf<`Delete${TemplateOp}Template`>>({
    name: `Delete${spec.op}Template`,
    action: `mobiletargeting:Delete${spec.op}Template`,
    http: { method: 'DELETE', path: PATH, successCode: 202, query: { Version: 'version' } },
    output: { payload: 'MessageBody' },
    check,
    ...onThis,
    async handler(input, ctx) {
      const i = { name: input.TemplateName, version: input.Version };
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
  });

  return [create, get, update, remove];
}
