/**
 * Tag<Entity>, Untag<Entity>, List<Entity>Tags for an IAM entity kind, one definition for roles and
 * managed policies (API_TagRole.html, API_UntagRole.html, API_ListRoleTags.html, and the Policy
 * pages): the same parsing, checks, authorization and paging, told apart by the entity's name, the
 * member that names it, and where its tags live.
 */
import type { RequestContext } from '../../../wire/context.js';
import type { PageRequest } from '../../../store/index.js';
import type { Constraint } from '../../shared/constraints.js';
import { defineOperation, type ContextKeyValue, type OperationSpec } from '../../../wire/operation.js';
import type { Tag } from '../model.js';
import type { OutputOf } from '../../../wire/model/types/iam.js';
import { requestTagKeys, tagKeysKey } from './policy-arns.js';
import { pageOutput } from './policy-output.js';
import {
  accountOf,
  checked,
  pageOf,
  refuseDuplicateTagKeys,
  str,
  tagKeysOf,
  tagsOf,
} from './policy-parse.js';
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
  /** The request member naming the entity (`RoleName`, `PolicyArn`) and its constraint. */
  idMember: string;
  idShape: Constraint;
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
  const id = (raw: Record<string, unknown>) => str(raw, e.idMember) as string;
  const idCheck = (raw: Record<string, unknown>) =>
    [e.idMember, str(raw, e.idMember), e.idShape] as [string, unknown, Constraint];
  const change = async (ctx: RequestContext, entityId: string, edit: (tags: readonly Tag[]) => Tag[]) => {
    const account = accountOf(ctx);
    await e.transaction(async () => e.setTags(account, entityId, edit(await e.tags(account, entityId))));
    return undefined;
  };

  const tag = defineOperation<{ id: string; Tags: Tag[] }, OutputOf<`Tag${TaggedEntityName}`>>({
    name: `Tag${e.entity}`,
    action: `iam:Tag${e.entity}`,
    parse(raw) {
      const tags = tagsOf(raw, 'Tags', true);
      const input = checked([idCheck(raw), ...tags.checks], { id: id(raw), Tags: tags.tags ?? [] });
      refuseDuplicateTagKeys(input.Tags);
      return input;
    },
    resources: async (i, ctx) => [await e.resource(ctx, i.id)],
    conditionKeys: async (i, ctx) => ({ ...(await e.keys(ctx, i.id)), ...requestTagKeys(i.Tags) }),
    handler: (i, ctx) => change(ctx, i.id, (tags) => mergeTags(tags, i.Tags)),
  });

  const untag = defineOperation<{ id: string; TagKeys: string[] }, OutputOf<`Untag${TaggedEntityName}`>>({
    name: `Untag${e.entity}`,
    action: `iam:Untag${e.entity}`,
    parse(raw) {
      const keys = tagKeysOf(raw);
      return checked([idCheck(raw), ...keys.checks], { id: id(raw), TagKeys: keys.keys });
    },
    resources: async (i, ctx) => [await e.resource(ctx, i.id)],
    conditionKeys: async (i, ctx) => ({ ...(await e.keys(ctx, i.id)), ...tagKeysKey(i.TagKeys) }),
    handler: (i, ctx) => change(ctx, i.id, (tags) => removeTags(tags, i.TagKeys)),
  });

  const list = defineOperation<{ id: string; page: PageRequest }, OutputOf<`List${TaggedEntityName}Tags`>>({
    name: `List${e.entity}Tags`,
    action: `iam:List${e.entity}Tags`,
    parse(raw) {
      const p = pageOf(raw);
      return checked([idCheck(raw), ...p.checks], { id: id(raw), page: p.page });
    },
    resources: async (i, ctx) => [await e.resource(ctx, i.id)],
    conditionKeys: (i, ctx) => e.keys(ctx, i.id),
    handler: async (i, ctx) => pageOutput('Tags', pageTags(await e.tags(accountOf(ctx), i.id), i.page)),
  });

  return [tag, untag, list];
}
