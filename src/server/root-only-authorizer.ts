/**
 * The authorizer used until the IAM policy engine is wired in: a root user may do anything in its
 * own account (as on AWS), anyone else is denied with AWS's implicit-deny text
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
 */
import type { Authorizer, AuthorizeRequest, AuthorizeResult } from '../wire/operation.js';

export function implicitDenyMessage(principalArn: string, action: string, resource: string): string {
  return (
    `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ` +
    `because no identity-based policy allows the ${action} action`
  );
}

export const rootOnlyAuthorizer: Authorizer = {
  authorize({ principal, action, resources }: AuthorizeRequest): AuthorizeResult {
    if (principal.isRoot) return { allowed: true };
    return { allowed: false, message: implicitDenyMessage(principal.arn, action, resources[0] ?? '*') };
  },
};
