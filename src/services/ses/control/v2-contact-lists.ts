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
import { pageSizeViolations, scopeOf } from './input.js';
import { memberPath, memberViolations } from '../../../wire/model/violations.js';
import type { ContactListDoc } from './model.js';
import { page } from './paging.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

export const MAX_CONTACT_LISTS = 1;

/** `forUpdate`: inside a transaction that writes it back, locked until the commit (store.ts). */
export async function requireList(deps: ControlDeps, ctx: RequestContext, name: string, forUpdate = false) {
  const found = forUpdate
    ? await deps.store.getForUpdate<ContactListDoc>(scopeOf(ctx), 'contactlist', name)
    : await deps.store.get<ContactListDoc>(scopeOf(ctx), 'contactlist', name);
  if (!found) throw notFound(contactListMissingText(name));
  return found;
}

type Named = { ContactListName: string };

export function v2ContactListOperations(deps: ControlDeps): OperationSpec[] {
  const onList = {
    resources: (i: Named, ctx: RequestContext) => [arnOf(deps, ctx, 'contact-list', i.ContactListName)],
    conditionKeys: (i: Named, ctx: RequestContext) =>
      resourceTagKeys(deps, ctx, 'contact-list', i.ContactListName),
  };
  return [
    defineOperation<InputOf<'CreateContactList'>, OutputOf<'CreateContactList'>>({
      name: 'CreateContactList',
      action: 'ses:CreateContactList',
      // The model sets no length for ContactListName; an empty name has always been refused.
      violations: (i) => memberViolations(memberPath('ContactListName'), i.ContactListName, { minLength: 1 }),
      resources: (i, ctx) => [arnOf(deps, ctx, 'contact-list', i.ContactListName)],
      conditionKeys: (i) => requestTagKeys(i.Tags),
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        const name = i.ContactListName;
        const doc: ContactListDoc = {
          name,
          topics: i.Topics ?? [],
          description: i.Description,
          tags: i.Tags ?? [],
        };
        await deps.store.transaction(async () => {
          if (await deps.store.get(scope, 'contactlist', name))
            throw alreadyExists(`List with name ${name} already exists.`);
          if ((await deps.store.count(scope, 'contactlist')) >= MAX_CONTACT_LISTS) {
            throw limitExceeded('You have reached the limit of contact lists for your account.');
          }
          await deps.store.put(scope, 'contactlist', name, doc);
        });
        return {};
      },
    }),
    defineOperation<InputOf<'GetContactList'>, OutputOf<'GetContactList'>>({
      name: 'GetContactList',
      action: 'ses:GetContactList',
      ...onList,
      async handler(i, ctx) {
        const found = await requireList(deps, ctx, i.ContactListName);
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
    defineOperation<InputOf<'UpdateContactList'>, OutputOf<'UpdateContactList'>>({
      name: 'UpdateContactList',
      action: 'ses:UpdateContactList',
      ...onList,
      async handler(i, ctx) {
        await deps.store.transaction(async () => {
          const found = await requireList(deps, ctx, i.ContactListName, true);
          await deps.store.put(scopeOf(ctx), 'contactlist', i.ContactListName, {
            ...found.doc,
            topics: i.Topics ?? [],
            description: i.Description,
          });
        });
        return {};
      },
    }),
    defineOperation<InputOf<'DeleteContactList'>, OutputOf<'DeleteContactList'>>({
      name: 'DeleteContactList',
      action: 'ses:DeleteContactList',
      ...onList,
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          if (!(await deps.store.delete(scope, 'contactlist', i.ContactListName)))
            throw notFound(contactListMissingText(i.ContactListName));
          await deps.store.deleteChildren(scope, 'contact', i.ContactListName);
        });
        return {};
      },
    }),
    defineOperation<InputOf<'ListContactLists'>, OutputOf<'ListContactLists'>>({
      name: 'ListContactLists',
      action: 'ses:ListContactLists',
      violations: (i) => pageSizeViolations('PageSize', i.PageSize, 1, 1000),
      resources: () => ['*'],
      async handler(i, ctx) {
        const size = i.PageSize ?? 100;
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
