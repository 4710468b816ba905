/**
 * Turns a principal as a simulation names it (`CallerArn`) into the Caller that policies see:
 * an IAM user, the account root, a role, an assumed-role session, a federated user, or a service
 * principal such as `pinpoint.amazonaws.com` (reference_policies_elements_principal.html).
 */
import type { Caller, RequestContextKeys } from './types.js';

const IAM_ARN = /^arn:([a-z-]+):iam::(\d{12}):(user|role|root)(?:\/(.*))?$/;
const STS_ARN = /^arn:([a-z-]+):sts::(\d{12}):(assumed-role|federated-user)\/(.+)$/;
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

/** The Caller for a principal name, or undefined when it names no principal. */
export function callerFromArn(principal: string): Caller | undefined {
  const iam = IAM_ARN.exec(principal);
  if (iam) {
    const [, partition, account, kind, rest] = iam;
    if (kind === 'root') return rest === undefined ? { kind: 'Account', arn: principal, account } : undefined;
    if (!rest) return undefined;
    if (kind === 'user') return { kind: 'User', arn: principal, account };
    // A role named as the caller acts as a session of itself: policies that name the role match it.
    return {
      kind: 'AssumedRole',
      arn: principal,
      account,
      roleArn: `arn:${partition}:iam::${account}:role/${rest}`,
    };
  }
  const sts = STS_ARN.exec(principal);
  if (sts) {
    const [, partition, account, kind, rest] = sts;
    if (kind === 'federated-user') return { kind: 'FederatedUser', arn: principal, account };
    const slash = rest.indexOf('/');
    if (slash <= 0 || slash === rest.length - 1) return undefined;
    // A session ARN carries the role's name but not its path.
    return {
      kind: 'AssumedRole',
      arn: principal,
      account,
      roleArn: `arn:${partition}:iam::${account}:role/${rest.slice(0, slash)}`,
    };
  }
  if (SERVICE.test(principal)) return { kind: 'Service', arn: principal };
  return undefined;
}

function set(keys: RequestContextKeys, name: string, value: string): void {
  const lower = name.toLowerCase();
  if (!keys.has(lower)) keys.set(lower, { values: [value], list: false });
}

/**
 * The context keys AWS derives from the caller itself (reference_policies_condition-keys.html:
 * aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username for IAM users). Keys the
 * request already has are kept.
 */
export function addCallerKeys(keys: RequestContextKeys, caller: Caller): void {
  if (caller.kind === 'Service') {
    set(keys, 'aws:PrincipalServiceName', caller.arn);
    return;
  }
  if (caller.kind === 'Anonymous') return;
  set(
    keys,
    'aws:PrincipalArn',
    caller.kind === 'AssumedRole' && caller.roleArn ? caller.roleArn : caller.arn,
  );
  if (caller.account) set(keys, 'aws:PrincipalAccount', caller.account);
  set(keys, 'aws:PrincipalType', caller.kind);
  if (caller.kind === 'User') set(keys, 'aws:username', caller.arn.slice(caller.arn.lastIndexOf('/') + 1));
}
