/**
 * ListTemplates (apireference/templates.html), ListTemplateVersions
 * (templates-template-name-template-type-versions.html) and UpdateTemplateActiveVersion
 * (templates-template-name-template-type-active-version.html).
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { RequestContext } from '../../../wire/context.js';
import { badRequest } from '../errors.js';
import { pageSize, scopeOf } from '../input.js';
import { onTemplate, templatesArn, type TemplateDeps } from './access.js';
import { TEMPLATE_TYPES, type TemplateDoc, type VersionDoc } from './documents.js';
import { latestVersion, requireTemplate, requireVersion } from './lookup.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/pinpoint.js';

function templateType(value: string): string {
  const type = value.toUpperCase();
  if (!TEMPLATE_TYPES.includes(type)) throw badRequest(`Invalid template type: ${value}`);
  return type;
}

/** page-size: a whole number from 1; AWS documents no default, so without one every item fits. */
const pageSizeOrAll = (size: string | undefined): number => pageSize(size) ?? Number.MAX_SAFE_INTEGER;

/** A template named in the path with its type (ListTemplateVersions, UpdateTemplateActiveVersion). */
interface TypedTemplate {
  TemplateName: string;
  TemplateType: string;
}

/** TemplateResponse: ListTemplates leaves out Arn, DefaultSubstitutions, tags and TemplateDescription. */
const templateSummary = (t: TemplateDoc) => ({
  CreationDate: t.CreationDate,
  LastModifiedDate: t.LastModifiedDate,
  TemplateName: t.TemplateName,
  TemplateType: t.TemplateType,
  Version: t.ActiveVersion,
});

const versionSummary = (t: TemplateDoc, v: VersionDoc) => ({
  CreationDate: v.CreationDate,
  DefaultSubstitutions: v.DefaultSubstitutions,
  LastModifiedDate: v.LastModifiedDate,
  TemplateDescription: v.TemplateDescription,
  TemplateName: t.TemplateName,
  TemplateType: t.TemplateType,
  Version: v.Version,
});

export function templateVersionOperations(deps: TemplateDeps): OperationSpec[] {
  const authorize = onTemplate(deps);
  const onTyped = {
    resources: (i: TypedTemplate, ctx: RequestContext) =>
      authorize.resources({ name: i.TemplateName, type: templateType(i.TemplateType) }, ctx),
    conditionKeys: (i: TypedTemplate, ctx: RequestContext) =>
      authorize.conditionKeys({ name: i.TemplateName, type: templateType(i.TemplateType) }, ctx),
  };

  const list = defineOperation<InputOf<'ListTemplates'>, OutputOf<'ListTemplates'>>({
    name: 'ListTemplates',
    action: 'mobiletargeting:ListTemplates',
    // The query is refused before authorization, as the reading it replaces refused it.
    check(i) {
      if (i.TemplateType !== undefined) templateType(i.TemplateType);
      pageSizeOrAll(i.PageSize);
    },
    resources: (_i, ctx) => [templatesArn(scopeOf(ctx))],
    async handler(input, ctx) {
      const i = {
        prefix: input.Prefix ?? '',
        type: input.TemplateType === undefined ? undefined : templateType(input.TemplateType),
        size: pageSizeOrAll(input.PageSize),
        token: input.NextToken,
      };
      const types = i.type === undefined ? TEMPLATE_TYPES : [i.type];
      const all: TemplateDoc[] = [];
      for (const type of types) all.push(...(await deps.docs.typed(type).templates(scopeOf(ctx), i.prefix)));
      // One list in name order, then type order (a name is unique per type only); the token is
      // the `<name>/<TYPE>` of the last item of the previous page (`/` is not in names).
      const keyOf = (t: TemplateDoc) => `${t.TemplateName}/${t.TemplateType}`;
      all.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
      const rest = i.token === undefined ? all : all.filter((t) => keyOf(t) > i.token!);
      const page = rest.slice(0, i.size);
      const next = rest.length > page.length ? keyOf(page[page.length - 1]) : undefined;
      return { TemplatesResponse: { Item: page.map(templateSummary), NextToken: next } };
    },
  });

  const versions = defineOperation<InputOf<'ListTemplateVersions'>, OutputOf<'ListTemplateVersions'>>({
    name: 'ListTemplateVersions',
    action: 'mobiletargeting:ListTemplateVersions',
    check(i) {
      templateType(i.TemplateType);
      pageSizeOrAll(i.PageSize);
    },
    ...onTyped,
    async handler(input, ctx) {
      const i = {
        name: input.TemplateName,
        type: templateType(input.TemplateType),
        size: pageSizeOrAll(input.PageSize),
        token: input.NextToken,
      };
      const scope = scopeOf(ctx);
      const typed = { ...deps, docs: deps.docs.typed(i.type) };
      const t = await requireTemplate(typed, scope, i.name);
      // Most recent first, as the console lists them (userguide/message-templates-versioning.html);
      // the token is the number of the last version of the previous page.
      const all = (await typed.docs.versions(scope, i.name)).reverse();
      const after = i.token === undefined ? Infinity : Number(i.token);
      if (Number.isNaN(after)) throw badRequest(`Invalid next-token: ${i.token}`);
      const rest = all.filter((v) => Number(v.Version) < after);
      const page = rest.slice(0, i.size);
      const next = rest.length > page.length ? page[page.length - 1].Version : undefined;
      return {
        TemplateVersionsResponse: {
          Item: page.map((v) => versionSummary(t, v)),
          NextToken: next,
          RequestID: ctx.requestId,
        },
      };
    },
  });

  const activate = defineOperation<
    InputOf<'UpdateTemplateActiveVersion'>,
    OutputOf<'UpdateTemplateActiveVersion'>
  >({
    name: 'UpdateTemplateActiveVersion',
    action: 'mobiletargeting:UpdateTemplateActiveVersion',
    check: (i) => void templateType(i.TemplateType),
    ...onTyped,
    async handler(input, ctx) {
      // Read once authorized, as Pinpoint reads a body; Version is how the request names the
      // version to activate (Pinpost's wording).
      const version = input.TemplateActiveVersionRequest?.Version;
      if (!version) throw badRequest('Missing Version');
      const i = { name: input.TemplateName, type: templateType(input.TemplateType), version };
      const scope = scopeOf(ctx);
      const typed = { ...deps, docs: deps.docs.typed(i.type) };
      return deps.docs.store.transaction(async () => {
        const t = await requireTemplate(typed, scope, i.name, true);
        // "Valid values are: latest, for the most recent version of the template; or, the unique
        // identifier for any existing version of the template." (TemplateActiveVersionRequest).
        const v =
          i.version === 'latest'
            ? (await latestVersion(typed, scope, i.name))!
            : await requireVersion(typed, scope, i.name, i.version);
        await typed.docs.putTemplate(scope, {
          ...t,
          ActiveVersion: v.Version,
          LastModifiedDate: deps.now().toISOString(),
        });
        return { MessageBody: { Message: 'Accepted', RequestID: ctx.requestId } };
      });
    },
  });

  return [list, versions, activate];
}
