/**
 * SES v2 tagging: TagResource, UntagResource, ListTagsForResource (APIReference-V2/API_TagResource.html)
 * on identities, configuration sets, templates and contact lists. Authorized on the ARN given, with
 * aws:RequestTag/aws:TagKeys and the resource's aws:ResourceTag (list_amazonses.html). At most 50
 * tags per resource, keys 1–128 and values 0–256 characters (API_Tag.html).
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { RequestContext } from '../../../wire/context.js';
import {
  docKeyOf,
  KIND_OF,
  parseSesArn,
  requestTagKeys,
  resourceTagKeys,
  tagKeysKey,
  type Keys,
} from './authz.js';
import type { ControlDeps } from './deps.js';
import { badRequest, notFound } from './errors.js';
import { identityKey } from './identities.js';
import { scopeOf } from './input.js';
import { memberViolations, type PathSegment } from '../../../wire/model/violations.js';
import type { Tag } from './model.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

const MAX_TAGS = 50;

/**
 * The resource an ARN names, and how to write its tags back. `forUpdate` (inside the transaction of
 * a read-modify-write) locks the document until it commits, so two TagResource calls at once on
 * PostgreSQL both land instead of the later one writing over the earlier (store.ts, getForUpdate).
 */
async function target(deps: ControlDeps, ctx: RequestContext, arn: string, forUpdate = false) {
  const parsed = parseSesArn(arn);
  const scope = scopeOf(ctx);
  // Pinpost's wording for an ARN that names nothing of this account and region.
  const missing = () => notFound(`Resource ${arn} was not found.`);
  if (!parsed || parsed.account !== scope.account || parsed.region !== scope.region) throw missing();
  const kind = KIND_OF[parsed.type];
  const key = parsed.type === 'identity' ? identityKey(parsed.name) : docKeyOf(parsed.type, parsed.name);
  const stored = forUpdate
    ? await deps.store.getForUpdate<{ tags: Tag[] }>(scope, kind, key)
    : await deps.store.get<{ tags: Tag[] }>(scope, kind, key);
  if (!stored) throw missing();
  return {
    doc: stored.doc,
    save: (next: Tag[]) => deps.store.put(scope, kind, key, { ...stored.doc, tags: next }),
  };
}

async function ownKeys(deps: ControlDeps, ctx: RequestContext, arn: string): Promise<Keys> {
  const parsed = parseSesArn(arn);
  return parsed ? resourceTagKeys(deps, ctx, parsed.type, parsed.name) : {};
}

export function v2TagOperations(deps: ControlDeps): OperationSpec[] {
  return [
    defineOperation<InputOf<'TagResource'>, OutputOf<'TagResource'>>({
      name: 'TagResource',
      action: 'ses:TagResource',
      // API_Tag.html's lengths, which the model's TagKey and TagValue do not carry.
      violations: (i) =>
        (i.Tags ?? []).flatMap((t, n) => {
          const at = (name: string): PathSegment[] => [
            { kind: 'member', name: 'Tags' },
            { kind: 'index', index: n },
            { kind: 'member', name },
          ];
          return [
            ...memberViolations(at('Key'), t.Key, { minLength: 1, maxLength: 128 }),
            ...memberViolations(at('Value'), t.Value, { maxLength: 256 }),
          ];
        }),
      resources: (i) => [i.ResourceArn],
      conditionKeys: async (i, ctx) => ({
        ...(await ownKeys(deps, ctx, i.ResourceArn)),
        ...requestTagKeys(i.Tags),
      }),
      async handler(i, ctx) {
        await deps.store.transaction(async () => {
          const t = await target(deps, ctx, i.ResourceArn, true);
          const merged = new Map(t.doc.tags.map((x) => [x.Key, x.Value]));
          for (const x of i.Tags) merged.set(x.Key, x.Value);
          if (merged.size > MAX_TAGS) throw badRequest(`A resource can have at most ${MAX_TAGS} tags.`);
          await t.save([...merged].map(([Key, Value]) => ({ Key, Value })));
        });
        return {};
      },
    }),
    defineOperation<InputOf<'UntagResource'>, OutputOf<'UntagResource'>>({
      name: 'UntagResource',
      action: 'ses:UntagResource',
      resources: (i) => [i.ResourceArn],
      conditionKeys: async (i, ctx) => ({
        ...(await ownKeys(deps, ctx, i.ResourceArn)),
        ...tagKeysKey(i.TagKeys),
      }),
      async handler(i, ctx) {
        await deps.store.transaction(async () => {
          const t = await target(deps, ctx, i.ResourceArn, true);
          await t.save(t.doc.tags.filter((x) => !i.TagKeys.includes(x.Key)));
        });
        return {};
      },
    }),
    defineOperation<InputOf<'ListTagsForResource'>, OutputOf<'ListTagsForResource'>>({
      name: 'ListTagsForResource',
      action: 'ses:ListTagsForResource',
      resources: (i) => [i.ResourceArn],
      conditionKeys: (i, ctx) => ownKeys(deps, ctx, i.ResourceArn),
      handler: async (i, ctx) => ({ Tags: (await target(deps, ctx, i.ResourceArn)).doc.tags }),
    }),
  ];
}
