/**
 * The global condition keys every request carries, from the principal and the request
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 * Names are lower-cased: IAM compares key names case-insensitively.
 */
import type { RequestContext } from './context.js';
import type { ContextKeyValue } from './operation.js';
import type { Principal } from './principal.js';

const one = (v: string): ContextKeyValue => ({ values: [v], list: false });

export function globalContextKeys(ctx: RequestContext, principal: Principal): Map<string, ContextKeyValue> {
  const keys = new Map<string, ContextKeyValue>();
  // aws:PrincipalArn of a role session is the role's ARN, not the session's.
  keys.set(
    'aws:principalarn',
    one(principal.kind === 'AssumedRole' && principal.roleArn ? principal.roleArn : principal.arn),
  );
  keys.set('aws:principalaccount', one(principal.account));
  keys.set('aws:principaltype', one(principal.kind));
  keys.set('aws:userid', one(principal.userId));
  if (principal.kind === 'User' && principal.userName) keys.set('aws:username', one(principal.userName));
  keys.set('aws:principalisawsservice', one(principal.kind === 'Service' ? 'true' : 'false'));
  for (const [k, v] of Object.entries(principal.tags ?? {}))
    keys.set(`aws:principaltag/${k.toLowerCase()}`, one(v));
  if (principal.sourceIdentity) keys.set('aws:sourceidentity', one(principal.sourceIdentity));
  // reference_policies_condition-keys.html: aws:MultiFactorAuthPresent is in the request context
  // only for temporary credentials ("never present when … called with long-term credentials"),
  // true when MFA was used to create them; aws:MultiFactorAuthAge only then, in seconds.
  if (principal.temporary)
    keys.set('aws:multifactorauthpresent', one(principal.mfaAuthenticatedAt ? 'true' : 'false'));
  if (principal.mfaAuthenticatedAt)
    keys.set(
      'aws:multifactorauthage',
      one(
        String(Math.max(0, Math.floor((ctx.now.getTime() - principal.mfaAuthenticatedAt.getTime()) / 1000))),
      ),
    );
  // The one clock, not the arrival's real time: a policy's date condition follows a moved clock.
  const now = ctx.now;
  keys.set('aws:currenttime', one(now.toISOString().replace(/\.\d{3}Z$/, 'Z')));
  keys.set('aws:epochtime', one(String(Math.floor(now.getTime() / 1000))));
  keys.set('aws:securetransport', one(ctx.request.secure ? 'true' : 'false'));
  if (ctx.request.sourceIp) keys.set('aws:sourceip', one(ctx.request.sourceIp));
  if (ctx.region) keys.set('aws:requestedregion', one(ctx.region));
  return keys;
}
