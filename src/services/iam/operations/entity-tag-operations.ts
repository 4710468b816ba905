/**
 * Tag<Entity>, Untag<Entity>, List<Entity>Tags for an IAM entity kind, one definition for roles and
 * managed policies (API_TagRole.html, API_UntagRole.html, API_ListRoleTags.html, and the Policy
 * pages): the same parsing, checks, authorization and paging, told apart by the entity's name, the
 * member that names it, and where its tags live.
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type ContextKeyValue, type OperationSpec } from '../../../wire/operation.js';
import type { Tag } from '../model.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';
import { requestTagKeys, tagKeysKey } from './policy-arns.js';
import { pageOutput } from './policy-output.js';
import { accountOf, pageRequest, refuseDuplicateTagKeys } from './policy-parse.js';
import { mergeTags, pageTags, removeTags } from './policy-tags.js';

type Keys = Record<string, ContextKeyValue>;

/** The IAM entities whose Tag/Untag/List…Tags operations this makes. */
export type TaggedEntityName =
  | 'Role'
  | 'Policy'
  | 'InstanceProfile'
  | 'OpenIDConnectProvider'
  | 'SAMLProvider'
  | 'MFADevice'
  | 'ServerCertificate';

export interface TaggedEntity {
  /** `Role` → TagRole, UntagRole, ListRoleTags. */
  entity: TaggedEntityName;
  /** The request member naming the entity (`RoleName`, `PolicyArn`). */
  idMember: string;
  /** The ARN authorized and the keys the action's documentation lists (aws:ResourceTag/…). */
  resource(ctx: RequestContext, id: string): string | Promise<string>;
  keys(ctx: RequestContext, id: string): Promise<Keys>;
  /** The entity's tags; throws the entity's NoSuchEntity. */
  tags(account: string, id: string): Promise<readonly Tag[]>;
  /** Replaces the tags, inside the caller's transaction; throws the entity's NoSuchEntity. */
  setTags(account: string, id: string, tags: Tag[]): Promise<void>;
  transaction(fn: () => Promise<void>): Promise<void>;
}

export function entityTagOperations(e: TaggedEntity): OperationSpec[] {
  /** The entity's name or ARN, under its member (required by the model, so always present). */
  const idOf = (i: object): string => String((i as Record<string, unknown>)[e.idMember]);
  const change = async (ctx: RequestContext, entityId: string, edit: (tags: readonly Tag[]) => Tag[]) => {
    const account = accountOf(ctx);
    await e.transaction(async () => e.setTags(account, entityId, edit(await e.tags(account, entityId))));
    return undefined;
  };

  const tag = defineOperation<InputOf<`Tag${TaggedEntityName}`>, OutputOf<`Tag${TaggedEntityName}`>>({
    name: `Tag${e.entity}`,
    action: `iam:Tag${e.entity}`,
    resources: async (i, ctx) => [await e.resource(ctx, idOf(i))],
    conditionKeys: async (i, ctx) => ({ ...(await e.keys(ctx, idOf(i))), ...requestTagKeys(i.Tags) }),
    handler(i, ctx) {
      refuseDuplicateTagKeys(i.Tags);
      return change(ctx, idOf(i), (tags) => mergeTags(tags, i.Tags));
    },
  });

  const untag = defineOperation<InputOf<`Untag${TaggedEntityName}`>, OutputOf<`Untag${TaggedEntityName}`>>({
    name: `Untag${e.entity}`,
    action: `iam:Untag${e.entity}`,
    resources: async (i, ctx) => [await e.resource(ctx, idOf(i))],
    conditionKeys: async (i, ctx) => ({ ...(await e.keys(ctx, idOf(i))), ...tagKeysKey(i.TagKeys) }),
    handler: (i, ctx) => change(ctx, idOf(i), (tags) => removeTags(tags, i.TagKeys)),
  });

  const list = defineOperation<
    InputOf<`List${TaggedEntityName}Tags`>,
    OutputOf<`List${TaggedEntityName}Tags`>
  >({
    name: `List${e.entity}Tags`,
    action: `iam:List${e.entity}Tags`,
    resources: async (i, ctx) => [await e.resource(ctx, idOf(i))],
    conditionKeys: (i, ctx) => e.keys(ctx, idOf(i)),
    handler: async (i, ctx) =>
      pageOutput('Tags', pageTags(await e.tags(accountOf(ctx), idOf(i)), pageRequest(i))),
  });

  return [tag, untag, list];
}
