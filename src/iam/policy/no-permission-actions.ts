/**
 * Actions AWS performs for any authenticated caller, whatever its policies say: no policy is
 * needed to allow them and no explicit deny stops them.
 * - sts:GetCallerIdentity: "No permissions are required to perform this operation. If an
 *   administrator attaches a policy to your identity that explicitly denies access to the
 *   sts:GetCallerIdentity action, you can still perform this operation." (API_GetCallerIdentity.html)
 * - sts:GetSessionToken: "No permissions are required for a user to get a session token … You
 *   cannot use policies to control authentication operations."
 *   (id_credentials_temp_control-access_getsessiontoken.html)
 * The server skips its authorize step for their operations (OperationSpec.noPermissionRequired);
 * the evaluator answers `allowed` for them so that the simulator agrees with the server.
 */
const NO_PERMISSION_ACTIONS: ReadonlySet<string> = new Set(['sts:getcalleridentity', 'sts:getsessiontoken']);

/** True for an action (lower-cased `service:action`) that needs no permission. */
export function needsNoPermission(actionLower: string): boolean {
  return NO_PERMISSION_ACTIONS.has(actionLower);
}
