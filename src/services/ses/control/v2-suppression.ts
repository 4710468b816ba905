/**
 * SES v2 suppression list: PutSuppressedDestination, GetSuppressedDestination,
 * DeleteSuppressedDestination, ListSuppressedDestinations
 * (APIReference-V2/API_PutSuppressedDestination.html and siblings); no resource type, so "*".
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { ControlDeps } from './deps.js';
import { badRequest, notFound, suppressionMissingText } from './errors.js';
import { check, int, pageSize, scopeOf, str, strings } from './input.js';
import type { SuppressionDoc } from './model.js';
import { pageOf } from './paging.js';
import { putSuppressed, suppressionKey } from './suppression.js';
import type { SuppressionReason } from '../ports.js';
import type { OutputOf } from '../../../wire/model/types/sesv2.js';

const REASONS = ['BOUNCE', 'COMPLAINT'];

function date(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  if (Number.isNaN(d.getTime())) throw badRequest(`Invalid value for ${name}: ${value}`);
  return d;
}

export function v2SuppressionOperations(deps: ControlDeps): OperationSpec[] {
  const address = (raw: Record<string, unknown>) => {
    const a = str(raw, 'EmailAddress');
    check('v2', [['EmailAddress', a, { required: true }]]);
    return a as string;
  };
  const path = '/v2/email/suppression/addresses';

  return [
    defineOperation<
      { EmailAddress: string; Reason: SuppressionReason },
      OutputOf<'PutSuppressedDestination'>
    >({
      name: 'PutSuppressedDestination',
      action: 'ses:PutSuppressedDestination',
      http: { method: 'PUT', path },
      parse(raw) {
        const input = { EmailAddress: address(raw), Reason: str(raw, 'Reason') as SuppressionReason };
        check('v2', [['Reason', input.Reason, { required: true, enum: REASONS }]]);
        return input;
      },
      resources: () => ['*'],
      async handler(i, ctx) {
        await putSuppressed(deps, scopeOf(ctx), i.EmailAddress, i.Reason);
        return {};
      },
    }),
    defineOperation<{ EmailAddress: string }, OutputOf<'GetSuppressedDestination'>>({
      name: 'GetSuppressedDestination',
      action: 'ses:GetSuppressedDestination',
      http: { method: 'GET', path: `${path}/{EmailAddress}` },
      parse: (raw) => ({ EmailAddress: address(raw) }),
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
    defineOperation<{ EmailAddress: string }, OutputOf<'DeleteSuppressedDestination'>>({
      name: 'DeleteSuppressedDestination',
      action: 'ses:DeleteSuppressedDestination',
      http: { method: 'DELETE', path: `${path}/{EmailAddress}` },
      parse: (raw) => ({ EmailAddress: address(raw) }),
      resources: () => ['*'],
      async handler(i, ctx) {
        if (!(await deps.store.delete(scopeOf(ctx), 'suppression', suppressionKey(i.EmailAddress)))) {
          throw notFound(suppressionMissingText(i.EmailAddress));
        }
        return {};
      },
    }),
    defineOperation<
      { Reasons?: string[]; StartDate?: Date; EndDate?: Date; NextToken?: string; PageSize?: number },
      OutputOf<'ListSuppressedDestinations'>
    >({
      name: 'ListSuppressedDestinations',
      action: 'ses:ListSuppressedDestinations',
      http: {
        method: 'GET',
        path,
        query: {
          Reasons: 'Reason',
          StartDate: 'StartDate',
          EndDate: 'EndDate',
          NextToken: 'NextToken',
          PageSize: 'PageSize',
        },
      },
      parse(raw) {
        const input = {
          Reasons: strings(raw, 'Reasons'),
          StartDate: date(str(raw, 'StartDate'), 'StartDate'),
          EndDate: date(str(raw, 'EndDate'), 'EndDate'),
          NextToken: str(raw, 'NextToken'),
          PageSize: int(raw, 'PageSize'),
        };
        check(
          'v2',
          (input.Reasons ?? []).map(
            (r, n) => [`Reasons.${n + 1}`, r, { enum: REASONS }] as [string, unknown, object],
          ),
        );
        return input;
      },
      resources: () => ['*'],
      async handler(i, ctx) {
        const size = pageSize('v2', 'PageSize', i.PageSize, 100, 1, 1000);
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
