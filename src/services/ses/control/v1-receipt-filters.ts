/**
 * SES v1 IP address filters: CreateReceiptFilter, DeleteReceiptFilter, ListReceiptFilters
 * (APIReference/API_CreateReceiptFilter.html and siblings). No resource type in
 * list_amazonses.html ("*"); each takes ses:ApiVersion. At most 100 filters (dg/quotas.html); a
 * filter that is not there deletes fine, as on AWS (floci-io/floci#3163, probed). The receiving
 * route applies them to the sending address (src/services/ses/receiving/).
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { ControlDeps } from './deps.js';
import { filterAlreadyExists, v1LimitExceeded } from './errors.js';
import { scopeOf } from './input.js';
import { checkFilter } from './receipt-input.js';
import { FILTERS, MAX_FILTERS, RECEIPT_KIND, type ReceiptFilterDoc } from './receipt-model.js';
import type { SesScope } from '../ports.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/ses.js';

const any = () => ['*'];
const API_V1 = () => ({ 'ses:ApiVersion': { values: ['1'], list: false } });

export async function listFilters(deps: ControlDeps, scope: SesScope): Promise<ReceiptFilterDoc[]> {
  return (await deps.store.list<ReceiptFilterDoc>(scope, RECEIPT_KIND, { parent: FILTERS })).map(
    (r) => r.doc,
  );
}

export function v1ReceiptFilterOperations(deps: ControlDeps): OperationSpec[] {
  return [
    defineOperation<InputOf<'CreateReceiptFilter'>, OutputOf<'CreateReceiptFilter'>>({
      name: 'CreateReceiptFilter',
      action: 'ses:CreateReceiptFilter',
      resources: any,
      conditionKeys: API_V1,
      async handler(i, ctx) {
        // The filter's own checks (name, CIDR) come once authorized, as AWS's do.
        const f = checkFilter(i.Filter);
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          if (await deps.store.get(scope, RECEIPT_KIND, f.Name, FILTERS)) throw filterAlreadyExists(f.Name);
          // "Too many filters" (floci-io/floci#3163, probed against AWS).
          if ((await deps.store.count(scope, RECEIPT_KIND, FILTERS)) >= MAX_FILTERS)
            throw v1LimitExceeded('Too many filters');
          await deps.store.put(scope, RECEIPT_KIND, f.Name, f, FILTERS);
        });
        return {};
      },
    }),
    defineOperation<InputOf<'DeleteReceiptFilter'>, OutputOf<'DeleteReceiptFilter'>>({
      name: 'DeleteReceiptFilter',
      action: 'ses:DeleteReceiptFilter',
      resources: any,
      conditionKeys: API_V1,
      handler: async (i, ctx) => (
        await deps.store.delete(scopeOf(ctx), RECEIPT_KIND, i.FilterName, FILTERS),
        {}
      ),
    }),
    defineOperation<InputOf<'ListReceiptFilters'>, OutputOf<'ListReceiptFilters'>>({
      name: 'ListReceiptFilters',
      action: 'ses:ListReceiptFilters',
      resources: any,
      conditionKeys: API_V1,
      handler: async (_i, ctx) => ({ Filters: await listFilters(deps, scopeOf(ctx)) }),
    }),
  ];
}
