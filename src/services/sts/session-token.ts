/**
 * GetSessionToken (API_GetSessionToken.html): temporary credentials of the calling IAM user or root
 * user, acting with that identity's permissions. It must be called with long-term credentials, needs
 * no permission, and lasts 900–129,600 seconds (43,200 by default); the root user's sessions are
 * held to one hour, the longer durations silently shortened ("If the duration is longer than one
 * hour, the session for Amazon Web Services account owners defaults to one hour").
 *
 * With SerialNumber and TokenCode the code is checked against the caller's enabled virtual MFA
 * device on Pinpost's clock; the session then carries aws:MultiFactorAuthPresent true and
 * aws:MultiFactorAuthAge (context-keys.ts). A missing half or a wrong code is AccessDenied, as the
 * page says ("If the value is missing or expired, the call returns access denied"); the root user
 * has no MFA device in Pinpost, so its codes never validate.
 */
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import { credentialsOf } from './credentials-output.js';
import type { StsDeps } from './deps.js';
import { mfaCodeValid } from '../iam/operations/mfa-device-shapes.js';
import { mfaFailed, sessionCredentialsRefused } from './errors.js';
import type { InputOf, GetSessionTokenResponse } from '../../wire/model/types/sts.js';

const DEFAULT_SECONDS = 43200;
const ROOT_MAX_SECONDS = 3600;

export function getSessionTokenOperation(deps: StsDeps): OperationSpec {
  return defineOperation<InputOf<'GetSessionToken'>, GetSessionTokenResponse>({
    name: 'GetSessionToken',
    action: 'sts:GetSessionToken',
    resources: () => ['*'],
    // "No permissions are required for a user to get a session token … You cannot use policies to
    // control authentication operations." (id_credentials_temp_control-access_getsessiontoken.html)
    noPermissionRequired: true,
    handler: async (input, ctx) => {
      const p = ctx.principal!;
      if (ctx.credentials?.sessionToken !== undefined || (p.kind !== 'User' && p.kind !== 'Account'))
        throw sessionCredentialsRefused('GetSessionToken');
      let mfaAuthenticatedAt: Date | undefined;
      if (input.SerialNumber !== undefined || input.TokenCode !== undefined) {
        const valid =
          input.SerialNumber !== undefined &&
          input.TokenCode !== undefined &&
          !p.isRoot &&
          (await mfaCodeValid(deps.store, p.account, p.userId, input.SerialNumber, input.TokenCode));
        if (!valid) throw mfaFailed();
        mfaAuthenticatedAt = deps.sts.clock();
      }
      const requested = input.DurationSeconds ?? DEFAULT_SECONDS;
      const duration = p.isRoot ? Math.min(requested, ROOT_MAX_SECONDS) : requested;
      const session = await deps.sts.sessions.create(
        {
          kind: 'SessionToken',
          accountId: p.account,
          Arn: p.arn,
          principalId: p.userId,
          userId: p.isRoot ? null : p.userId,
          durationSeconds: duration,
          policyArns: [],
          tags: [],
          transitiveTagKeys: [],
          chained: false,
          sourceAccessKeyId: ctx.credentials?.accessKeyId,
          ...(mfaAuthenticatedAt && { mfaAuthenticatedAt }),
        },
        deps.sts.clock(),
      );
      return { Credentials: credentialsOf(session) };
    },
  });
}
