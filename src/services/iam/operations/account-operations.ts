/**
 * GetAccountSummary and GetAccountAuthorizationDetails (IAM API reference). Neither names a
 * resource in list_awsidentityandaccessmanagementiam.html, so both authorize on `*`.
 */
import { paginate } from '../../../store/index.js';
import { asQueryMap } from '../../../wire/query/query-map.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import { detailEntries, type EntityType } from '../handlers/account-details.js';
import { summaryMap } from '../handlers/account-summary.js';
import { accountOf } from '../handlers/user-entities.js';
import { pageOutput, pageRequest } from '../handlers/user-input.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';

type Details = OutputOf<'GetAccountAuthorizationDetails'>;
type DetailList = 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies';

export function accountOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  return [
    defineOperation<InputOf<'GetAccountSummary'>, OutputOf<'GetAccountSummary'>>({
      name: 'GetAccountSummary',
      action: 'iam:GetAccountSummary',
      resources: () => ['*'],
      // The QueryMap marker tells today's XML writer to send entry/key/value; typed as the model's map.
      handler: async (_i, ctx) => ({
        SummaryMap: asQueryMap(await summaryMap(store, accountOf(ctx))) as unknown as Record<string, number>,
      }),
    }),

    defineOperation<InputOf<'GetAccountAuthorizationDetails'>, OutputOf<'GetAccountAuthorizationDetails'>>({
      name: 'GetAccountAuthorizationDetails',
      action: 'iam:GetAccountAuthorizationDetails',
      resources: () => ['*'],
      async handler(i, ctx) {
        const entries = await detailEntries(store, accountOf(ctx), new Set((i.Filter ?? []) as EntityType[]));
        // Entries keep IAM's order; the position is the page key across the four lists.
        const keyed = entries.map((e, n) => ({ e, key: String(n).padStart(8, '0') }));
        const page = paginate(keyed, pageRequest(i), (x) => x.key);
        const lists: Required<Pick<Details, DetailList>> = {
          UserDetailList: [],
          GroupDetailList: [],
          RoleDetailList: [],
          Policies: [],
        };
        for (const { e } of page.items) (lists[e.list] as unknown[]).push(e.item);
        return { ...lists, ...pageOutput(page) };
      },
    }),
  ];
}
