/**
 * GetCallerIdentity (API_GetCallerIdentity.html): UserId, Account, Arn of whoever signed — the
 * account id as root's UserId, AIDA… for a user, AROA…:session for a role session, and the user's
 * own identity for GetSessionToken credentials.
 */
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import type { GetCallerIdentityRequest, GetCallerIdentityResponse } from '../../wire/model/types/sts.js';

/** The model's output shape (src/wire/model/types/sts.ts). */
export type GetCallerIdentityOutput = GetCallerIdentityResponse;

export function getCallerIdentityOperation(): OperationSpec {
  return defineOperation<GetCallerIdentityRequest, GetCallerIdentityOutput>({
    name: 'GetCallerIdentity',
    action: 'sts:GetCallerIdentity',
    resources: () => ['*'],
    // "No permissions are required to perform this operation. If an administrator attaches a policy
    // to your identity that explicitly denies access to the sts:GetCallerIdentity action, you can
    // still perform this operation." (API_GetCallerIdentity.html)
    noPermissionRequired: true,
    handler: (_input, ctx) => {
      const p = ctx.principal!;
      return { UserId: p.userId, Account: p.account, Arn: p.arn };
    },
  });
}
