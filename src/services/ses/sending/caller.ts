/** Who is sending and where: the request's account and region, and the IAM identity behind it. */
import type { RequestContext } from '../../../wire/context.js';

// One scope reading for all of SES (the control plane's).
export { scopeOf } from '../control/input.js';

/** `ses:caller-identity`: the IAM user or role name, `root` for the account. */
export function callerIdentityOf(ctx: RequestContext): string {
  const p = ctx.principal;
  if (!p) return 'root';
  return p.userName ?? p.roleName ?? (p.isRoot ? 'root' : p.arn);
}
