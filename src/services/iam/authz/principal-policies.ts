/**
 * The policies that apply to a principal, read from the IAM store: its own and its groups'
 * inline and attached managed policies, its permissions boundary, and its session policies
 * (access_policies.html, "Policy types"). Managed policies apply through their default version.
 */
import type { Principal } from '../../../wire/principal.js';
import type { PolicyType } from '../../../iam/policy/types.js';
import { findAwsManagedPolicy } from '../aws-managed-policies.js';
import type { Role, User } from '../model.js';
import type { IamStore } from '../store.js';

export interface PolicySource {
  /** Who the policy is in explanations: a managed policy's ARN, or `<owner ARN>/<inline name>`. */
  id: string;
  type: PolicyType;
  text: string;
}

export interface PrincipalPolicies {
  identity: PolicySource[];
  /** Undefined when the principal has no permissions boundary. */
  boundary?: PolicySource[];
  /** Undefined when the session carries no session policy. */
  session?: PolicySource[];
  /** The account's root user: allowed everything in its account by its identity. */
  isRoot: boolean;
}

/** The default version's document of a customer or AWS managed policy, or undefined if gone. */
export async function managedPolicyDocument(
  store: IamStore,
  account: string,
  arn: string,
): Promise<string | undefined> {
  const aws = findAwsManagedPolicy(arn);
  if (aws) return aws.Document;
  return store.policies.defaultDocument(account, arn);
}

async function managed(
  store: IamStore,
  account: string,
  arns: readonly string[],
  type: PolicyType,
): Promise<PolicySource[]> {
  const out: PolicySource[] = [];
  for (const arn of arns) {
    const text = await managedPolicyDocument(store, account, arn);
    if (text !== undefined) out.push({ id: arn, type, text });
  }
  return out;
}

async function ofEntity(
  store: IamStore,
  account: string,
  kind: 'user' | 'group' | 'role',
  id: string,
  arn: string,
): Promise<PolicySource[]> {
  const inline = (await store.inlinePolicies.byOwnerId(kind, id)).map((p): PolicySource => ({
    id: `${arn}/${p.PolicyName}`,
    type: 'identity',
    text: p.PolicyDocument,
  }));
  const arns = await store.attachments.arnsByOwnerId(kind, id);
  return [...inline, ...(await managed(store, account, arns, 'identity'))];
}

async function boundaryOf(
  store: IamStore,
  account: string,
  arn: string | undefined,
): Promise<PolicySource[] | undefined> {
  if (!arn) return undefined;
  // A boundary whose policy was deleted still bounds: nothing is allowed through it.
  return managed(store, account, [arn], 'boundary');
}

async function sessionOf(store: IamStore, principal: Principal): Promise<PolicySource[] | undefined> {
  const texts = principal.sessionPolicies ?? [];
  const arns = principal.sessionManagedPolicyArns ?? [];
  // A federated user without session policies has no permissions ("if you do not pass a policy
  // with the GetFederationToken API call, the resulting temporary security credentials have no
  // permissions", id_credentials_temp_control-access_getfederationtoken.html): an empty set.
  if (texts.length === 0 && arns.length === 0) return principal.kind === 'FederatedUser' ? [] : undefined;
  return [
    ...texts.map((text, i): PolicySource => ({
      id: `${principal.arn}/session-policy-${i + 1}`,
      type: 'session',
      text,
    })),
    ...(await managed(store, principal.account, arns, 'session')),
  ];
}

/**
 * The role a session belongs to: its RoleId, the part of `aws:userid` before the colon
 * (`AROA…:<session>`, reference_policies_variables.html, "Specifying principals").
 */
export function sessionRoleId(principal: Principal): string | undefined {
  if (principal.kind !== 'AssumedRole') return undefined;
  const colon = principal.userId.indexOf(':');
  return colon > 0 ? principal.userId.slice(0, colon) : undefined;
}

/**
 * The role a session was issued for, if it still exists: found by RoleId, never by name, so a
 * session of a deleted role does not take on a new role created under the same name (a new
 * RoleId, reference_identifiers.html, "Unique identifiers"; STS's UsingSTS/TokenPermissions.html:
 * a session's permissions are those of "the role that was assumed").
 */
export async function sessionRole(store: IamStore, principal: Principal): Promise<Role | undefined> {
  const id = sessionRoleId(principal);
  const found = id === undefined ? undefined : await store.roles.getById(id);
  return found && found.accountId === principal.account ? found.role : undefined;
}

/** The IAM user a User principal is, found by its unique id (AIDA…), never by name. */
async function principalUser(store: IamStore, principal: Principal): Promise<User | undefined> {
  if (principal.kind === 'User') {
    const found = await store.users.getById(principal.userId);
    return found && found.accountId === principal.account ? found.user : undefined;
  }
  // A federated user (GetFederationToken) acts within the permissions of the user who made it,
  // found by unique id: a user deleted and recreated under its name is another user.
  if (!principal.federatedBy) return undefined;
  const found = await store.users.getById(principal.federatedBy);
  return found && found.accountId === principal.account ? found.user : undefined;
}

/** Everything that bounds or grants what `principal` may do, from the store as it is now. */
export async function policiesOf(store: IamStore, principal: Principal): Promise<PrincipalPolicies> {
  const account = principal.account;
  if (principal.isRoot || principal.kind === 'Account') return { identity: [], isRoot: true };
  // A web identity is no IAM entity: only the role's trust policy can let it in.
  if (principal.federatedProvider) return { identity: [], isRoot: false };
  // A federated user made by the root user: root's permissions, bounded by its session policies.
  if (principal.kind === 'FederatedUser' && principal.federatedBy === account)
    return { identity: [], isRoot: true, session: await sessionOf(store, principal) };
  if (principal.kind === 'User' || principal.kind === 'FederatedUser') {
    const user = await principalUser(store, principal);
    // A deleted user keeps no permissions; a new user with its name is another user.
    if (!user) return { identity: [], session: await sessionOf(store, principal), isRoot: false };
    const identity = await ofEntity(store, account, 'user', user.UserId, user.Arn);
    const groups = await store.groups.groupsOfUser(account, user.UserName, { maxItems: 1000 });
    for (const g of groups.items) {
      identity.push(...(await ofEntity(store, account, 'group', g.GroupId, g.Arn)));
    }
    return {
      identity,
      boundary: await boundaryOf(store, account, user.PermissionsBoundary?.PermissionsBoundaryArn),
      session: await sessionOf(store, principal),
      isRoot: false,
    };
  }
  if (principal.kind === 'AssumedRole') {
    const role = await sessionRole(store, principal);
    // A session of a deleted role keeps no permissions: its requests are denied as any request no
    // identity-based policy allows ("Once you remove all permissions from the credentials, AWS
    // requests that use them fail", id_credentials_temp_control-access_disable-perms.html).
    if (!role) return { identity: [], session: await sessionOf(store, principal), isRoot: false };
    return {
      identity: await ofEntity(store, account, 'role', role.RoleId, role.Arn),
      boundary: await boundaryOf(store, account, role.PermissionsBoundary?.PermissionsBoundaryArn),
      session: await sessionOf(store, principal),
      isRoot: false,
    };
  }
  return { identity: [], isRoot: false };
}
