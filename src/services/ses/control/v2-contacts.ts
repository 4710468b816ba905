/**
 * SES v2 contacts: Create/Get/Update/Delete/ListContacts (APIReference-V2/API_CreateContact.html),
 * what ListManagementOptions needs: a contact's topic preferences and UnsubscribeAll. Authorized on
 * the contact list (list_amazonses.html). Texts "X doesn't exist in List." and "X already exists in
 * List." as floci-io/floci recorded AWS's answers.
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { arnOf, resourceTagKeys } from './authz.js';
import type { ControlDeps } from './deps.js';
import { alreadyExists, contactExistsText, contactMissingText, notFound } from './errors.js';
import { pageSizeViolations, scopeOf } from './input.js';
import type { ContactDoc, ContactListDoc } from './model.js';
import { pageOf } from './paging.js';
import { requireList } from './v2-contact-lists.js';
import type { Stored } from './store.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

const key = (email: string) => email.toLowerCase();

/** TopicDefaultPreferences: the list's topics with their default status (API_GetContact.html). */
function defaults(list: ContactListDoc) {
  return list.topics.map((t) => ({
    TopicName: t.TopicName,
    SubscriptionStatus: t.DefaultSubscriptionStatus,
  }));
}

/** Whether a contact receives a topic's mail: its own preference, else the topic's default. */
export function subscribed(list: ContactListDoc, c: ContactDoc, topic: string): boolean {
  if (c.UnsubscribeAll) return false;
  const own = c.TopicPreferences.find((p) => p.TopicName === topic);
  const status =
    own?.SubscriptionStatus ?? list.topics.find((t) => t.TopicName === topic)?.DefaultSubscriptionStatus;
  return status === 'OPT_IN';
}

type Named = { ContactListName: string };

export function v2ContactOperations(deps: ControlDeps): OperationSpec[] {
  const onList = {
    resources: (i: Named, ctx: RequestContext) => [arnOf(deps, ctx, 'contact-list', i.ContactListName)],
    conditionKeys: (i: Named, ctx: RequestContext) =>
      resourceTagKeys(deps, ctx, 'contact-list', i.ContactListName),
  };
  /** `forUpdate`: the contact (not its list) stays locked until the commit (store.ts). */
  const find = async (ctx: RequestContext, i: Named & { EmailAddress: string }, forUpdate = false) => {
    const l = await requireList(deps, ctx, i.ContactListName);
    const at = [scopeOf(ctx), 'contact', key(i.EmailAddress), i.ContactListName] as const;
    const c = forUpdate
      ? await deps.store.getForUpdate<ContactDoc>(...at)
      : await deps.store.get<ContactDoc>(...at);
    if (!c) throw notFound(contactMissingText(i.EmailAddress));
    return { l, c };
  };
  const view = (l: ContactListDoc, c: Stored<ContactDoc>) => ({
    EmailAddress: c.doc.EmailAddress,
    TopicPreferences: c.doc.TopicPreferences,
    TopicDefaultPreferences: defaults(l),
    UnsubscribeAll: c.doc.UnsubscribeAll,
    LastUpdatedTimestamp: c.updated,
  });

  return [
    defineOperation<InputOf<'CreateContact'>, OutputOf<'CreateContact'>>({
      name: 'CreateContact',
      action: 'ses:CreateContact',
      ...onList,
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          await requireList(deps, ctx, i.ContactListName);
          if (await deps.store.get(scope, 'contact', key(i.EmailAddress), i.ContactListName))
            throw alreadyExists(contactExistsText(i.EmailAddress));
          await deps.store.put<ContactDoc>(
            scope,
            'contact',
            key(i.EmailAddress),
            {
              EmailAddress: i.EmailAddress,
              TopicPreferences: i.TopicPreferences ?? [],
              UnsubscribeAll: i.UnsubscribeAll ?? false,
              AttributesData: i.AttributesData,
            },
            i.ContactListName,
          );
        });
        return {};
      },
    }),
    defineOperation<InputOf<'GetContact'>, OutputOf<'GetContact'>>({
      name: 'GetContact',
      action: 'ses:GetContact',
      ...onList,
      async handler(i, ctx) {
        const { l, c } = await find(ctx, i);
        return {
          ContactListName: l.doc.name,
          ...view(l.doc, c),
          AttributesData: c.doc.AttributesData,
          CreatedTimestamp: c.created,
        };
      },
    }),
    defineOperation<InputOf<'UpdateContact'>, OutputOf<'UpdateContact'>>({
      name: 'UpdateContact',
      action: 'ses:UpdateContact',
      ...onList,
      async handler(i, ctx) {
        await deps.store.transaction(async () => {
          const { c } = await find(ctx, i, true);
          await deps.store.put<ContactDoc>(
            scopeOf(ctx),
            'contact',
            key(i.EmailAddress),
            {
              ...c.doc,
              TopicPreferences: i.TopicPreferences ?? c.doc.TopicPreferences,
              UnsubscribeAll: i.UnsubscribeAll ?? c.doc.UnsubscribeAll,
              AttributesData: i.AttributesData ?? c.doc.AttributesData,
            },
            i.ContactListName,
          );
        });
        return {};
      },
    }),
    defineOperation<InputOf<'DeleteContact'>, OutputOf<'DeleteContact'>>({
      name: 'DeleteContact',
      action: 'ses:DeleteContact',
      ...onList,
      async handler(i, ctx) {
        await requireList(deps, ctx, i.ContactListName);
        if (!(await deps.store.delete(scopeOf(ctx), 'contact', key(i.EmailAddress), i.ContactListName)))
          throw notFound(contactMissingText(i.EmailAddress));
        return {};
      },
    }),
    defineOperation<InputOf<'ListContacts'>, OutputOf<'ListContacts'>>({
      name: 'ListContacts',
      action: 'ses:ListContacts',
      violations: (i) => pageSizeViolations('PageSize', i.PageSize, 1, 1000),
      ...onList,
      async handler(i, ctx) {
        const l = (await requireList(deps, ctx, i.ContactListName)).doc;
        const size = i.PageSize ?? 100;
        const status = i.Filter?.FilteredStatus;
        const topic = i.Filter?.TopicFilter?.TopicName;
        const all = await deps.store.list<ContactDoc>(scopeOf(ctx), 'contact', { parent: i.ContactListName });
        const rows = all.filter(({ doc }) => {
          if (!status || !topic) return true;
          return subscribed(l, doc, topic) === (status === 'OPT_IN');
        });
        const p = pageOf(rows, i.NextToken, size);
        return { Contacts: p.items.map((c) => view(l, c)), NextToken: p.nextToken };
      },
    }),
  ];
}
