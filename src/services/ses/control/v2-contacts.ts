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
import { bool, check, int, list, obj, pageSize, scopeOf, str, type Raw } from './input.js';
import type { ContactDoc, ContactListDoc } from './model.js';
import { pageOf } from './paging.js';
import { listName, requireList } from './v2-contact-lists.js';
import type { Stored } from './store.js';
import type { OutputOf } from '../../../wire/model/types/sesv2.js';

const STATUS = ['OPT_IN', 'OPT_OUT'];

interface ContactInput {
  list: string;
  email: string;
  prefs?: ContactDoc['TopicPreferences'];
  unsubscribeAll?: boolean;
  attributes?: string;
}

function parseContact(raw: Raw): ContactInput {
  const email = str(raw, 'EmailAddress');
  check('v2', [['EmailAddress', email, { required: true }]]);
  const prefs = list(raw, 'TopicPreferences')?.map((p, n) => {
    const o = (p ?? {}) as Raw;
    const pref = {
      TopicName: str(o, 'TopicName') as string,
      SubscriptionStatus: str(o, 'SubscriptionStatus') as 'OPT_IN',
    };
    check('v2', [
      [`TopicPreferences.${n + 1}.topicName`, pref.TopicName, { required: true }],
      [
        `TopicPreferences.${n + 1}.subscriptionStatus`,
        pref.SubscriptionStatus,
        { required: true, enum: STATUS },
      ],
    ]);
    return pref;
  });
  return {
    list: listName(raw),
    email: email as string,
    prefs,
    unsubscribeAll: bool(raw, 'UnsubscribeAll'),
    attributes: str(raw, 'AttributesData'),
  };
}

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

export function v2ContactOperations(deps: ControlDeps): OperationSpec[] {
  const onList = {
    resources: (i: { list: string }, ctx: RequestContext) => [arnOf(deps, ctx, 'contact-list', i.list)],
    conditionKeys: (i: { list: string }, ctx: RequestContext) =>
      resourceTagKeys(deps, ctx, 'contact-list', i.list),
  };
  const base = '/v2/email/contact-lists/{ContactListName}/contacts';
  /** `forUpdate`: the contact (not its list) stays locked until the commit (store.ts). */
  const find = async (ctx: RequestContext, i: { list: string; email: string }, forUpdate = false) => {
    const l = await requireList(deps, ctx, i.list);
    const c = forUpdate
      ? await deps.store.getForUpdate<ContactDoc>(scopeOf(ctx), 'contact', key(i.email), i.list)
      : await deps.store.get<ContactDoc>(scopeOf(ctx), 'contact', key(i.email), i.list);
    if (!c) throw notFound(contactMissingText(i.email));
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
    defineOperation<ContactInput, OutputOf<'CreateContact'>>({
      name: 'CreateContact',
      action: 'ses:CreateContact',
      http: { method: 'POST', path: base },
      parse: parseContact,
      ...onList,
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          await requireList(deps, ctx, i.list);
          if (await deps.store.get(scope, 'contact', key(i.email), i.list))
            throw alreadyExists(contactExistsText(i.email));
          await deps.store.put<ContactDoc>(
            scope,
            'contact',
            key(i.email),
            {
              EmailAddress: i.email,
              TopicPreferences: i.prefs ?? [],
              UnsubscribeAll: i.unsubscribeAll ?? false,
              AttributesData: i.attributes,
            },
            i.list,
          );
        });
        return {};
      },
    }),
    defineOperation<ContactInput, OutputOf<'GetContact'>>({
      name: 'GetContact',
      action: 'ses:GetContact',
      http: { method: 'GET', path: `${base}/{EmailAddress}` },
      parse: parseContact,
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
    defineOperation<ContactInput, OutputOf<'UpdateContact'>>({
      name: 'UpdateContact',
      action: 'ses:UpdateContact',
      http: { method: 'PUT', path: `${base}/{EmailAddress}` },
      parse: parseContact,
      ...onList,
      async handler(i, ctx) {
        await deps.store.transaction(async () => {
          const { c } = await find(ctx, i, true);
          await deps.store.put<ContactDoc>(
            scopeOf(ctx),
            'contact',
            key(i.email),
            {
              ...c.doc,
              TopicPreferences: i.prefs ?? c.doc.TopicPreferences,
              UnsubscribeAll: i.unsubscribeAll ?? c.doc.UnsubscribeAll,
              AttributesData: i.attributes ?? c.doc.AttributesData,
            },
            i.list,
          );
        });
        return {};
      },
    }),
    defineOperation<ContactInput, OutputOf<'DeleteContact'>>({
      name: 'DeleteContact',
      action: 'ses:DeleteContact',
      http: { method: 'DELETE', path: `${base}/{EmailAddress}` },
      parse: parseContact,
      ...onList,
      async handler(i, ctx) {
        await requireList(deps, ctx, i.list);
        if (!(await deps.store.delete(scopeOf(ctx), 'contact', key(i.email), i.list)))
          throw notFound(contactMissingText(i.email));
        return {};
      },
    }),
    defineOperation<
      { list: string; filter?: Raw; NextToken?: string; PageSize?: number },
      OutputOf<'ListContacts'>
    >({
      name: 'ListContacts',
      action: 'ses:ListContacts',
      http: { method: 'POST', path: `${base}/list` },
      parse: (raw) => ({
        list: listName(raw),
        filter: obj(raw, 'Filter'),
        NextToken: str(raw, 'NextToken'),
        PageSize: int(raw, 'PageSize'),
      }),
      ...onList,
      async handler(i, ctx) {
        const l = (await requireList(deps, ctx, i.list)).doc;
        const size = pageSize('v2', 'PageSize', i.PageSize, 100, 1, 1000);
        const status = i.filter && str(i.filter, 'FilteredStatus');
        const topicFilter = i.filter && obj(i.filter, 'TopicFilter');
        const topic = topicFilter && str(topicFilter, 'TopicName');
        const all = await deps.store.list<ContactDoc>(scopeOf(ctx), 'contact', { parent: i.list });
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
