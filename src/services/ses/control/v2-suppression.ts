/**
 * SES v2 suppression list: PutSuppressedDestination, GetSuppressedDestination,
 * DeleteSuppressedDestination, ListSuppressedDestinations
 * (APIReference-V2/API_PutSuppressedDestination.html and siblings); no resource type, so "*".
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { ControlDeps } from './deps.js';
import { notFound, suppressionMissingText } from './errors.js';
import { pageSizeViolations, scopeOf } from './input.js';
import type { SuppressionDoc } from './model.js';
import { pageOf } from './paging.js';
import { putSuppressed, suppressionKey } from './suppression.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

export function v2SuppressionOperations(deps: ControlDeps): OperationSpec[] {
  return [
    defineOperation<InputOf<'PutSuppressedDestination'>, OutputOf<'PutSuppressedDestination'>>({
      name: 'PutSuppressedDestination',
      action: 'ses:PutSuppressedDestination',
      resources: () => ['*'],
      async handler(i, ctx) {
        await putSuppressed(deps, scopeOf(ctx), i.EmailAddress, i.Reason);
        return {};
      },
    }),
    defineOperation<InputOf<'GetSuppressedDestination'>, OutputOf<'GetSuppressedDestination'>>({
      name: 'GetSuppressedDestination',
      action: 'ses:GetSuppressedDestination',
      resources: () => ['*'],
      async handler(i, ctx) {
        const stored = await deps.store.get<SuppressionDoc>(
          scopeOf(ctx),
          'suppression',
          suppressionKey(i.EmailAddress),
        );
        const doc = stored?.doc;
        // "Email address X does not exist on your suppression list." (floci-io/floci, from AWS's answer).
        if (!doc) throw notFound(suppressionMissingText(i.EmailAddress));
        const attributes =
          doc.MessageId || doc.FeedbackId
            ? { MessageId: doc.MessageId, FeedbackId: doc.FeedbackId }
            : undefined;
        return {
          SuppressedDestination: {
            EmailAddress: doc.EmailAddress,
            Reason: doc.Reason,
            LastUpdateTime: new Date(doc.LastUpdateTime),
            Attributes: attributes,
          },
        };
      },
    }),
    defineOperation<InputOf<'DeleteSuppressedDestination'>, OutputOf<'DeleteSuppressedDestination'>>({
      name: 'DeleteSuppressedDestination',
      action: 'ses:DeleteSuppressedDestination',
      resources: () => ['*'],
      async handler(i, ctx) {
        if (!(await deps.store.delete(scopeOf(ctx), 'suppression', suppressionKey(i.EmailAddress)))) {
          throw notFound(suppressionMissingText(i.EmailAddress));
        }
        return {};
      },
    }),
    defineOperation<InputOf<'ListSuppressedDestinations'>, OutputOf<'ListSuppressedDestinations'>>({
      name: 'ListSuppressedDestinations',
      action: 'ses:ListSuppressedDestinations',
      violations: (i) => pageSizeViolations('PageSize', i.PageSize, 1, 1000),
      resources: () => ['*'],
      async handler(i, ctx) {
        const size = i.PageSize ?? 100;
        const rows = (await deps.store.list<SuppressionDoc>(scopeOf(ctx), 'suppression')).filter(
          ({ doc }) => {
            const at = new Date(doc.LastUpdateTime);
            return (
              (!i.Reasons?.length || i.Reasons.includes(doc.Reason)) &&
              (!i.StartDate || at >= i.StartDate) &&
              (!i.EndDate || at <= i.EndDate)
            );
          },
        );
        const p = pageOf(rows, i.NextToken, size);
        return {
          SuppressedDestinationSummaries: p.items.map(({ doc }) => ({
            EmailAddress: doc.EmailAddress,
            Reason: doc.Reason,
            LastUpdateTime: new Date(doc.LastUpdateTime),
          })),
          NextToken: p.nextToken,
        };
      },
    }),
  ];
}
