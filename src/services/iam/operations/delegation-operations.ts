/**
 * IAM temporary delegation (access_policies-temporary-delegation.html) and its summary:
 * CreateDelegationRequest, AssociateDelegationRequest, GetDelegationRequest, ListDelegationRequests,
 * UpdateDelegationRequest, AcceptDelegationRequest, RejectDelegationRequest, SendDelegationToken,
 * GetHumanReadableSummary (API_<Op>.html).
 *
 * Only a partner onboarded by AWS can create a delegation request: "This API is not available for
 * general use. In order to use this API, a caller first need to go through an onboarding process"
 * (API_CreateDelegationRequest.html), an onboarding done by e-mail to AWS for ISV Accelerate
 * partners with a Marketplace listing (access_policies-temporary-delegation-partner-guide.html);
 * "Customers review and approve these requests but cannot create them directly"
 * (access_policies-temporary-delegation.html). No Pinpost account is an onboarded partner, so no
 * delegation request ever exists: CreateDelegationRequest refuses, every operation on a request ID
 * answers NoSuchEntity (the error each page lists for a request that does not exist), and the list
 * is empty — what an AWS account answers when no partner has sent it a request. There is nothing
 * to store. Each is authorized first, as IAM does, with the action of the same name on the
 * request's ARN, arn:<partition>:iam::<account>:delegation-request/<id> (the Service Authorization
 * Reference's `delegation-request` resource type), or `*` where no request is named.
 */
import type {
  GetDelegationRequestResponse,
  GetHumanReadableSummaryResponse,
  InputOf,
  ListDelegationRequestsResponse,
} from '../../../wire/model/types/iam.js';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { invalidInput, noSuchEntity } from '../errors.js';

const partitionOf = (ctx: RequestContext) => ctx.principal?.arn.split(':')[1] ?? 'aws';
const accountOf = (ctx: RequestContext) => ctx.account ?? ctx.principal?.account ?? '';

/** The ARN a delegation request of the caller's account has (the SAR's `delegation-request`). */
export const delegationRequestArn = (ctx: RequestContext, id: string) =>
  `arn:${partitionOf(ctx)}:iam::${accountOf(ctx)}:delegation-request/${id}`;

/** An ARN naming a delegation request, as GetHumanReadableSummary's EntityArn does. */
const DELEGATION_REQUEST_ARN = /^arn:[a-z-]+:iam::\d{12}:delegation-request\/[\w-]{16,128}$/;

/**
 * NoSuchEntity "The request was rejected because it referenced a resource entity that does not
 * exist. The error message describes the resource." (API_GetDelegationRequest.html). The text is
 * Pinpost's own: AWS's wording for a delegation request is not documented.
 */
export const noSuchDelegationRequest = (id: string) =>
  noSuchEntity(`The delegation request with ID ${id} cannot be found.`);

/**
 * Pinpost's own text (AWS documents no answer for a caller that is not onboarded): InvalidInput is
 * the error of CreateDelegationRequest's model that fits a request this account may not make.
 */
export const notOnboarded = () =>
  invalidInput(
    'This account is not onboarded as a partner for IAM temporary delegation, so it cannot create delegation requests.',
  );

/** The operations that act on one request by its DelegationRequestId and answer no output. */
const ON_ONE_REQUEST = [
  'AcceptDelegationRequest',
  'AssociateDelegationRequest',
  'RejectDelegationRequest',
  'SendDelegationToken',
  'UpdateDelegationRequest',
] as const;

export function delegationOperations(): OperationSpec[] {
  return [
    defineOperation<InputOf<'CreateDelegationRequest'>, never>({
      name: 'CreateDelegationRequest',
      action: 'iam:CreateDelegationRequest',
      // No request exists yet to name.
      resources: () => ['*'],
      handler: () => {
        throw notOnboarded();
      },
    }),
    ...ON_ONE_REQUEST.map((name) =>
      defineOperation<{ DelegationRequestId: string }, void>({
        name,
        action: `iam:${name}`,
        resources: (input, ctx) => [delegationRequestArn(ctx, input.DelegationRequestId)],
        handler: (input) => {
          throw noSuchDelegationRequest(input.DelegationRequestId);
        },
      }),
    ),
    defineOperation<InputOf<'GetDelegationRequest'>, GetDelegationRequestResponse>({
      name: 'GetDelegationRequest',
      action: 'iam:GetDelegationRequest',
      resources: (input, ctx) => [delegationRequestArn(ctx, input.DelegationRequestId)],
      handler: (input) => {
        throw noSuchDelegationRequest(input.DelegationRequestId);
      },
    }),
    defineOperation<InputOf<'ListDelegationRequests'>, ListDelegationRequestsResponse>({
      name: 'ListDelegationRequests',
      action: 'iam:ListDelegationRequests',
      resources: () => ['*'],
      // No request ever has this account as its owner: one empty, untruncated page (the member is
      // `isTruncated`, lower-case, in the model and API_ListDelegationRequests.html).
      handler: () => ({ DelegationRequests: [], isTruncated: false }),
    }),
    defineOperation<InputOf<'GetHumanReadableSummary'>, GetHumanReadableSummaryResponse>({
      name: 'GetHumanReadableSummary',
      action: 'iam:GetHumanReadableSummary',
      // The summarized request is the resource; anything else names no resource of this action.
      resources: (input) => (DELEGATION_REQUEST_ARN.test(input.EntityArn) ? [input.EntityArn] : ['*']),
      handler: (input) => {
        // "At this time, the only supported entity type is delegation-request"
        // (API_GetHumanReadableSummary.html); the refusal's text is Pinpost's own.
        if (!DELEGATION_REQUEST_ARN.test(input.EntityArn))
          throw invalidInput(
            `The entity ${input.EntityArn} is not a delegation request: the only supported entity type is delegation-request.`,
          );
        throw noSuchDelegationRequest(input.EntityArn.slice(input.EntityArn.lastIndexOf('/') + 1));
      },
    }),
  ];
}
