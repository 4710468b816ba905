/**
 * Tags: TagResource (204), UntagResource (204), ListTagsForResource on `/v1/tags/{resource-arn}`
 * (apireference/tags-resource-arn.html). Taggable here: apps, campaigns, journeys, segments and
 * email templates. Each is authorized on its own ARN with aws:RequestTag/aws:TagKeys/aws:ResourceTag
 * (list_amazonpinpoint.html: TagResource, UntagResource, ListTagsForResource on app, campaign,
 * journey, segment, template). Every taggable document keeps its tags in its `tags` member (store.ts), so
 * only that member is read and rewritten.
 */
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import { badRequest, notFound, RESOURCE_NOT_FOUND } from './errors.js';
import { requestTagKeys, resourceTagKeys, scopeOf, type Keys } from './input.js';
import type { PinpointContext } from './ports.js';
import type { Kind, Scope } from './store.js';
import { TEMPLATE_TYPES, templateKey } from './templates/documents.js';
import type { InputOf, OutputOf } from '../../wire/model/types/pinpoint.js';

/** Where a taggable resource's document lives. */
export interface TaggableRef {
  scope: Scope;
  appId: string;
  kind: Kind;
  key: string;
}

const ARN = /^arn:([^:]+):mobiletargeting:([^:]*):(\d{12}):(.+)$/;

/**
 * The document an ARN names: `apps/<id>`, `apps/<id>/campaigns/<cid>`, `apps/<id>/journeys/<jid>`,
 * `apps/<id>/segments/<sid>`, `templates/<name>/<TYPE>` (list_amazonpinpoint.html, "Resource types"). `undefined` for an ARN of
 * another resource type; throws BadRequestException for text that is not a Pinpoint ARN.
 */
export function taggableRef(arn: string): TaggableRef | undefined {
  const m = ARN.exec(arn);
  if (!m) throw badRequest(`Invalid ARN: ${arn}`);
  const scope = { region: m[2], account: m[3] };
  const parts = m[4].split('/');
  if (parts[0] === 'apps' && parts.length === 2) return { scope, appId: parts[1], kind: 'app', key: '' };
  if (parts[0] === 'apps' && parts.length === 4 && parts[2] === 'campaigns')
    return { scope, appId: parts[1], kind: 'campaign', key: parts[3] };
  if (parts[0] === 'apps' && parts.length === 4 && parts[2] === 'journeys')
    return { scope, appId: parts[1], kind: 'journey', key: parts[3] };
  if (parts[0] === 'apps' && parts.length === 4 && parts[2] === 'segments')
    return { scope, appId: parts[1], kind: 'segment', key: parts[3] };
  if (parts[0] === 'templates' && parts.length === 3 && TEMPLATE_TYPES.includes(parts[2]))
    return { scope, appId: '', kind: 'template', key: templateKey(parts[2], parts[1]) };
  return undefined;
}

/** tagging-resources.html: "A resource can have as many as 50 tags." */
export const MAX_TAGS = 50;
/** tagging-resources.html: keys up to 128 characters, values up to 256. */
export const MAX_KEY_LENGTH = 128;
export const MAX_VALUE_LENGTH = 256;
/**
 * tagging-resources.html: "Unicode letters, numbers, white space, or one of the following symbols:
 * _ . : / = + -". `@` is also accepted: AWS's general tag rules allow it ("Generally allowed
 * characters are … + - = . _ : / @", e.g. the Amazon ECS API's Tag), and Pinpost would rather
 * accept a tag AWS may accept than refuse it.
 */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Checks a tag set against AWS's tag rules (tagging-resources.html). The texts are Pinpost's. */
export function checkTags(tags: Record<string, string>): void {
  for (const [k, v] of Object.entries(tags)) {
    if (k.length === 0 || k.length > MAX_KEY_LENGTH)
      throw badRequest(`Tag key must be between 1 and ${MAX_KEY_LENGTH} characters: ${k}`);
    if (v.length > MAX_VALUE_LENGTH)
      throw badRequest(`Tag value must be at most ${MAX_VALUE_LENGTH} characters (key ${k})`);
    if (!TAG_TEXT.test(k) || !TAG_TEXT.test(v))
      throw badRequest(`Tag key or value contains characters that are not allowed (key ${k})`);
    // "The aws: prefix is reserved for use by AWS; you can't use it in any tag keys or values."
    if (k.toLowerCase().startsWith('aws:') || v.toLowerCase().startsWith('aws:'))
      throw badRequest(`Tag keys and values cannot start with aws: (key ${k})`);
  }
}

type Tagged = { tags?: Record<string, string> } & Record<string, unknown>;

interface ArnInput {
  ResourceArn: string;
}

/** The resource-arn label is checked to be a Pinpoint ARN before anything is authorized on it. */
const checkArn = (i: ArnInput): void => void taggableRef(i.ResourceArn);

export function tagOperations(c: PinpointContext): OperationSpec[] {
  /**
   * The document's stored tags, or undefined when the ARN names nothing in the caller's scope.
   * `forUpdate` (inside the transaction of a read-modify-write) locks the document until it
   * commits, so two TagResource calls at once on PostgreSQL both land instead of the later one
   * writing over the earlier (store.ts, getForUpdate).
   */
  async function find(arn: string, scope: Scope, forUpdate = false) {
    const ref = taggableRef(arn);
    if (!ref || ref.scope.account !== scope.account || ref.scope.region !== scope.region) return undefined;
    const stored = forUpdate
      ? await c.store.getForUpdate<Tagged>(scope, ref.appId, ref.kind, ref.key)
      : await c.store.get<Tagged>(scope, ref.appId, ref.kind, ref.key);
    return stored && { ref, doc: stored.doc };
  }

  async function existing(arn: string, scope: Scope, forUpdate = false) {
    const found = await find(arn, scope, forUpdate);
    if (!found) throw notFound(RESOURCE_NOT_FOUND);
    return found;
  }

  /** Rewrites the `tags` member only; the rest of the document stays as it is. */
  function writeTags(scope: Scope, ref: TaggableRef, doc: Tagged, tags: Record<string, string>) {
    return c.store.put(scope, ref.appId, ref.kind, ref.key, { ...doc, tags });
  }

  const onResource = {
    check: checkArn,
    resources: (i: ArnInput) => [i.ResourceArn],
    resourceKeys: async (i: ArnInput, scope: Scope): Promise<Keys> =>
      resourceTagKeys((await find(i.ResourceArn, scope))?.doc.tags),
  };

  const tag = defineOperation<InputOf<'TagResource'>, OutputOf<'TagResource'>>({
    name: 'TagResource',
    action: 'mobiletargeting:TagResource',
    check: onResource.check,
    resources: onResource.resources,
    conditionKeys: async (i, ctx) => ({
      ...(await onResource.resourceKeys(i, scopeOf(ctx))),
      // The body is read once authorized, but its tags are what aws:RequestTag authorizes.
      ...requestTagKeys(i.TagsModel?.tags),
    }),
    async handler(i, ctx) {
      // TagsModel.tags is required: the model step refused a body without it.
      const given = i.TagsModel.tags;
      checkTags(given);
      const scope = scopeOf(ctx);
      await c.store.transaction(async () => {
        const { ref, doc } = await existing(i.ResourceArn, scope, true);
        const tags = { ...doc.tags, ...given };
        if (Object.keys(tags).length > MAX_TAGS)
          throw badRequest(`A resource can have at most ${MAX_TAGS} tags`);
        await writeTags(scope, ref, doc, tags);
      });
      return undefined;
    },
  });

  const untag = defineOperation<InputOf<'UntagResource'>, OutputOf<'UntagResource'>>({
    name: 'UntagResource',
    action: 'mobiletargeting:UntagResource',
    check(i) {
      // TagKeys is required (UntagResourceRequest); the model step reads only Pinpoint's bodies,
      // and this query member was refused before authorization as the ARN is.
      if (!i.TagKeys?.length) throw badRequest('Missing tagKeys');
      checkArn(i);
    },
    resources: onResource.resources,
    conditionKeys: async (i, ctx) => ({
      ...(await onResource.resourceKeys(i, scopeOf(ctx))),
      'aws:TagKeys': { values: i.TagKeys, list: true },
    }),
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      await c.store.transaction(async () => {
        const { ref, doc } = await existing(i.ResourceArn, scope, true);
        const tags = { ...doc.tags };
        for (const k of i.TagKeys) delete tags[k];
        await writeTags(scope, ref, doc, tags);
      });
      return undefined;
    },
  });

  const list = defineOperation<InputOf<'ListTagsForResource'>, OutputOf<'ListTagsForResource'>>({
    name: 'ListTagsForResource',
    action: 'mobiletargeting:ListTagsForResource',
    check: onResource.check,
    resources: onResource.resources,
    conditionKeys: (i, ctx) => onResource.resourceKeys(i, scopeOf(ctx)),
    handler: async (i, ctx) => ({
      TagsModel: { tags: (await existing(i.ResourceArn, scopeOf(ctx))).doc.tags ?? {} },
    }),
  });

  return [tag, untag, list];
}
