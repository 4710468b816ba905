/**
 * The two STS operations AWS gates behind a feature no Pinpost account has:
 *
 * - AssumeRoot (API_AssumeRoot.html) gives a session as a member account's root user, to
 *   "credentials from an Organizations management account or a delegated administrator account",
 *   once centralized root access is enabled in the organization (id_root-user-privileged-task.html,
 *   id_root-enable-root-access.html). Pinpost's accounts belong to no organization (IAM's
 *   organization operations answer OrganizationNotFoundException, organizations-operations.ts), so
 *   there is no member account to act in. Authorized first as sts:AssumeRoot on the target
 *   account's `root` resource, arn:<partition>:iam::<account>:root, with sts:TaskPolicyArn (the
 *   Service Authorization Reference for STS), then refused with AccessDenied.
 * - GetDelegatedAccessToken (API_GetDelegatedAccessToken.html) exchanges the trade-in token IAM
 *   sends an onboarded partner once a customer accepts its delegation request (SendDelegationToken).
 *   No Pinpost account can create a delegation request (iam/operations/delegation-operations.ts),
 *   so no token was ever issued: every token is refused with ExpiredTradeInTokenException, the
 *   model's error for a token that can no longer be exchanged.
 */
import type {
  AssumeRootResponse,
  GetDelegatedAccessTokenResponse,
  InputOf,
} from '../../wire/model/types/sts.js';
import type { RequestContext } from '../../wire/context.js';
import { AwsError, accessDenied } from '../../wire/errors.js';
import { defineOperation, type ContextKeyValue, type OperationSpec } from '../../wire/operation.js';

/** The account TargetPrincipal names: "The member account principal ARN or account ID." */
export function targetAccountOf(targetPrincipal: string): string | undefined {
  if (/^\d{12}$/.test(targetPrincipal)) return targetPrincipal;
  return /^arn:[a-z-]+:(?:iam|sts)::(\d{12}):/.exec(targetPrincipal)?.[1];
}

const partitionOf = (ctx: RequestContext) => ctx.principal?.arn.split(':')[1] ?? 'aws';

/**
 * Pinpost's own text, under STS's AccessDenied (AWS documents no answer for an account outside an
 * organization; the model lists only ExpiredTokenException and RegionDisabledException, neither of
 * which fits). Its last sentence is IAM's OrganizationNotFoundException text.
 */
export const noOrganization = () =>
  accessDenied(
    'AssumeRoot needs centralized root access in an organization. The request was rejected because no organization is associated with your account.',
  );

/**
 * The ExpiredTradeInTokenException shape's documentation in the STS model (sts/2011-06-15), code
 * and status from its `error` trait.
 */
export const expiredTradeInToken = () =>
  new AwsError({
    code: 'ExpiredTradeInTokenException',
    status: 400,
    message:
      'The trade-in token provided in the request has expired and can no longer be exchanged for credentials. Request a new token and retry the operation.',
  });

export function gatedStsOperations(): OperationSpec[] {
  return [
    defineOperation<InputOf<'AssumeRoot'>, AssumeRootResponse>({
      name: 'AssumeRoot',
      action: 'sts:AssumeRoot',
      resources: (input, ctx) => {
        const account = targetAccountOf(input.TargetPrincipal);
        return account ? [`arn:${partitionOf(ctx)}:iam::${account}:root`] : ['*'];
      },
      conditionKeys: (input): Record<string, ContextKeyValue> =>
        input.TaskPolicyArn.arn
          ? { 'sts:TaskPolicyArn': { values: [input.TaskPolicyArn.arn], list: false } }
          : {},
      handler: () => {
        throw noOrganization();
      },
    }),
    defineOperation<InputOf<'GetDelegatedAccessToken'>, GetDelegatedAccessTokenResponse>({
      name: 'GetDelegatedAccessToken',
      action: 'sts:GetDelegatedAccessToken',
      resources: () => ['*'],
      handler: () => {
        throw expiredTradeInToken();
      },
    }),
  ];
}
