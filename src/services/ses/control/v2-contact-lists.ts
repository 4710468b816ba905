/**
 * SES v2 contact lists: Create/Get/Update/Delete/ListContactLists
 * (APIReference-V2/API_CreateContactList.html). One list per account and region (dg/quotas.html:
 * "Contact lists per account: 1"), hence LimitExceededException on a second. Texts "List with
 * name: X doesn't exist." as floci-io/floci recorded AWS's answer.
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { arnOf, requestTagKeys, resourceTagKeys } from './authz.js';
import type { ControlDeps } from './deps.js';
import { alreadyExists, contactListMissingText, limitExceeded, notFound } from './errors.js';
import { check, int, list, pageSize, scopeOf, str, tags, type Raw } from './input.js';
import type { ContactListDoc, TopicDoc } from './model.js';
import { page } from './paging.js';
import type { OutputOf } from '../../../wire/model/types/sesv2.js';

const STATUS = ['OPT_IN', 'OPT_OUT'];
export const MAX_CONTACT_LISTS = 1;

function topics(raw: Raw): TopicDoc[] | undefined {
  return list(raw, 'Topics')?.map((t, n) => {
    const o = (t ?? {}) as Raw;
    const topic = {
      TopicName: str(o, 'TopicName') as string,
      DisplayName: str(o, 'DisplayName') as string,
      Description: str(o, 'Description'),
      DefaultSubscriptionStatus: str(o, 'DefaultSubscriptionStatus') as 'OPT_IN',
    };
    check('v2', [
      [`Topics.${n + 1}.topicName`, topic.TopicName, { required: true }],
      [`Topics.${n + 1}.displayName`, topic.DisplayName, { required: true }],
      [
        `Topics.${n + 1}.defaultSubscriptionStatus`,
        topic.DefaultSubscriptionStatus,
        { required: true, enum: STATUS },
      ],
    ]);
    return topic;
  });
}

export function listName(raw: Raw): string {
  const name = str(raw, 'ContactListName');
  check('v2', [['ContactListName', name, { required: true, min: 1 }]]);
  return name as string;
}

/** `forUpdate`: inside a transaction that writes it back, locked until the commit (store.ts). */
export async function requireList(deps: ControlDeps, ctx: RequestContext, name: string, forUpdate = false) {
  const found = forUpdate
    ? await deps.store.getForUpdate<ContactListDoc>(scopeOf(ctx), 'contactlist', name)
    : await deps.store.get<ContactListDoc>(scopeOf(ctx), 'contactlist', name);
  if (!found) throw notFound(contactListMissingText(name));
  return found;
}

export function v2ContactListOperations(deps: ControlDeps): OperationSpec[] {
  const onList = {
    resources: (i: { name: string }, ctx: RequestContext) => [arnOf(deps, ctx, 'contact-list', i.name)],
    conditionKeys: (i: { name: string }, ctx: RequestContext) =>
      resourceTagKeys(deps, ctx, 'contact-list', i.name),
  };
  const path = '/v2/email/contact-lists/{ContactListName}';
  return [
    defineOperation<{ name: string; doc: ContactListDoc }, OutputOf<'CreateContactList'>>({
      name: 'CreateContactList',
      action: 'ses:CreateContactList',
      http: { method: 'POST', path: '/v2/email/contact-lists' },
      parse(raw) {
        const name = listName(raw);
        return {
          name,
          doc: {
            name,
            topics: topics(raw) ?? [],
            description: str(raw, 'Description'),
            tags: tags(raw) ?? [],
          },
        };
      },
      resources: (i, ctx) => [arnOf(deps, ctx, 'contact-list', i.name)],
      conditionKeys: (i) => requestTagKeys(i.doc.tags),
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          if (await deps.store.get(scope, 'contactlist', i.name))
            throw alreadyExists(`List with name ${i.name} already exists.`);
          if ((await deps.store.count(scope, 'contactlist')) >= MAX_CONTACT_LISTS) {
            throw limitExceeded('You have reached the limit of contact lists for your account.');
          }
          await deps.store.put(scope, 'contactlist', i.name, i.doc);
        });
        return {};
      },
    }),
    defineOperation<{ name: string }, OutputOf<'GetContactList'>>({
      name: 'GetContactList',
      action: 'ses:GetContactList',
      http: { method: 'GET', path },
      parse: (raw) => ({ name: listName(raw) }),
      ...onList,
      async handler(i, ctx) {
        const found = await requireList(deps, ctx, i.name);
        return {
          ContactListName: found.doc.name,
          Topics: found.doc.topics,
          Description: found.doc.description,
          CreatedTimestamp: found.created,
          LastUpdatedTimestamp: found.updated,
          Tags: found.doc.tags,
        };
      },
    }),
    defineOperation<
      { name: string; topics?: TopicDoc[]; description?: string },
      OutputOf<'UpdateContactList'>
    >({
      name: 'UpdateContactList',
      action: 'ses:UpdateContactList',
      http: { method: 'PUT', path },
      parse: (raw) => ({ name: listName(raw), topics: topics(raw), description: str(raw, 'Description') }),
      ...onList,
      async handler(i, ctx) {
        await deps.store.transaction(async () => {
          const found = await requireList(deps, ctx, i.name, true);
          await deps.store.put(scopeOf(ctx), 'contactlist', i.name, {
            ...found.doc,
            topics: i.topics ?? [],
            description: i.description,
          });
        });
        return {};
      },
    }),
    defineOperation<{ name: string }, OutputOf<'DeleteContactList'>>({
      name: 'DeleteContactList',
      action: 'ses:DeleteContactList',
      http: { method: 'DELETE', path },
      parse: (raw) => ({ name: listName(raw) }),
      ...onList,
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          if (!(await deps.store.delete(scope, 'contactlist', i.name)))
            throw notFound(contactListMissingText(i.name));
          await deps.store.deleteChildren(scope, 'contact', i.name);
        });
        return {};
      },
    }),
    defineOperation<{ NextToken?: string; PageSize?: number }, OutputOf<'ListContactLists'>>({
      name: 'ListContactLists',
      action: 'ses:ListContactLists',
      http: {
        method: 'GET',
        path: '/v2/email/contact-lists',
        query: { NextToken: 'NextToken', PageSize: 'PageSize' },
      },
      parse: (raw) => ({ NextToken: str(raw, 'NextToken'), PageSize: int(raw, 'PageSize') }),
      resources: () => ['*'],
      async handler(i, ctx) {
        const size = pageSize('v2', 'PageSize', i.PageSize, 100, 1, 1000);
        const p = await page<ContactListDoc>(deps.store, scopeOf(ctx), 'contactlist', i.NextToken, size);
        return {
          ContactLists: p.items.map((r) => ({
            ContactListName: r.doc.name,
            LastUpdatedTimestamp: r.updated,
          })),
          NextToken: p.nextToken,
        };
      },
    }),
  ];
}
