/**
 * The user an operation is about when UserName may be left out (CreateLoginProfile,
 * ListSSHPublicKeys, UploadSigningCertificate, …: "the user name is determined implicitly based
 * on the Amazon Web Services access key ID used to sign the request"). A role session has no user
 * and gets IAM's "Must specify userName when calling with non-User credentials"; so does the root
 * user here, since Pinpost keeps no console password or signing certificates for it.
 */
import { validationError } from '../../../wire/errors.js';
import type { RequestContext } from '../../../wire/context.js';
import { callerSelf } from '../handlers/user-entities.js';

export function userNameOrCaller(userName: string | undefined, ctx: RequestContext): string {
  if (userName !== undefined) return userName;
  const self = callerSelf(ctx);
  if (self.kind !== 'user')
    throw validationError('Must specify userName when calling with non-User credentials');
  return self.name;
}
