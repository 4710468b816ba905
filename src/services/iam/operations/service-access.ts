/**
 * What an IAM entity's permissions policies let it reach, for ListPoliciesGrantingServiceAccess and
 * the service last accessed reports. Both "only apply permissions policy logic" and leave out
 * resource-based policies, Organizations policies, permissions boundaries and trust policies
 * (API_ListPoliciesGrantingServiceAccess.html, API_GetServiceLastAccessedDetails.html). Which
 * policies count follows API_ListPoliciesGrantingServiceAccess.html: a user's own managed and inline
 * policies and those of its groups; a group's own only; a role's own.
 *
 * A policy grants a service when one of its Allow statements covers an action of the service's
 * namespace, whatever its Resource and Condition: an `Action` pattern whose service part matches the
 * namespace (`*`, `iam:*`, `i?m:Get*`), or a `NotAction` that does not leave out the whole
 * namespace (`iam:*` or `*` in NotAction does). Pinpost's engine globs (wildcard.ts) do the
 * matching, case-insensitively as for actions.
 */
import { parsePolicy } from '../../../iam/policy/parse.js';
import { compileGlob } from '../../../iam/policy/wildcard.js';
import { managedPolicyDocument } from '../authz/principal-policies.js';
import { invalidInput, noSuchEntity } from '../errors.js';
import type { Group, Role, User } from '../model.js';
import type { IamStore } from '../store.js';

/**
 * The services Pinpost answers, as service last accessed lists them (namespace, and the service's
 * name as the Service Authorization Reference titles it).
 */
export const PINPOST_SERVICES: readonly { namespace: string; name: string }[] = [
  { namespace: 'access-analyzer', name: 'IAM Access Analyzer' },
  { namespace: 'iam', name: 'AWS Identity and Access Management' },
  { namespace: 'mobiletargeting', name: 'Amazon Pinpoint' },
  { namespace: 'ses', name: 'Amazon SES' },
  { namespace: 'sts', name: 'AWS Security Token Service' },
];

export type EntityType = 'USER' | 'ROLE' | 'GROUP';

export interface GrantingPolicy {
  PolicyName: string;
  PolicyType: 'INLINE' | 'MANAGED';
  PolicyArn?: string;
  EntityType?: EntityType;
  EntityName?: string;
  /** The policy's text, for the grant check (not output). */
  text: string;
}

export type ResolvedEntity =
  | { kind: 'user'; user: User }
  | { kind: 'group'; group: Group }
  | { kind: 'role'; role: Role }
  | { kind: 'policy'; arn: string; name: string };

// Pinpost's wording: IAM's texts for an ARN of no IAM entity were not found.
const notAnEntity = (arn: string) =>
  invalidInput(`ARN ${arn} is not a valid IAM user, group, role or policy ARN.`);
const noEntity = (arn: string) => noSuchEntity(`The entity with ARN ${arn} cannot be found.`);

/**
 * The entity an ARN names in the caller's account (`…:user/path/name`, `…:group/…`, `…:role/…`,
 * and with `policies` `…:policy/…`, AWS managed ones too); its path must match as well as its name.
 */
export async function resolveEntity(
  store: IamStore,
  account: string,
  arn: string,
  policies: boolean,
): Promise<ResolvedEntity> {
  const m = /^arn:[\w-]+:iam::(\d{12}|aws):(user|group|role|policy)(\/.*\/|\/)([^/]+)$/.exec(arn);
  if (!m) throw notAnEntity(arn);
  const [, owner, kind, , name] = m as unknown as [string, string, string, string, string];
  if (kind === 'policy') {
    if (!policies) throw notAnEntity(arn);
    if (owner !== account && owner !== 'aws') throw noEntity(arn);
    if ((await managedPolicyDocument(store, account, arn)) === undefined) throw noEntity(arn);
    return { kind: 'policy', arn, name };
  }
  if (owner !== account) throw noEntity(arn);
  if (kind === 'user') {
    const user = await store.users.get(account, name);
    if (user?.Arn === arn) return { kind: 'user', user };
  } else if (kind === 'group') {
    const group = await store.groups.get(account, name);
    if (group?.Arn === arn) return { kind: 'group', group };
  } else {
    const role = await store.roles.get(account, name);
    if (role?.Arn === arn) return { kind: 'role', role };
  }
  throw noEntity(arn);
}

const policyName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

async function ownPolicies(
  store: IamStore,
  account: string,
  kind: 'user' | 'group' | 'role',
  id: string,
  name: string,
): Promise<GrantingPolicy[]> {
  const entityType = kind.toUpperCase() as EntityType;
  const out: GrantingPolicy[] = [];
  for (const arn of await store.attachments.arnsByOwnerId(kind, id)) {
    const text = await managedPolicyDocument(store, account, arn);
    if (text !== undefined)
      out.push({ PolicyName: policyName(arn), PolicyType: 'MANAGED', PolicyArn: arn, text });
  }
  for (const p of await store.inlinePolicies.byOwnerId(kind, id))
    out.push({
      PolicyName: p.PolicyName,
      PolicyType: 'INLINE',
      EntityType: entityType,
      EntityName: name,
      text: p.PolicyDocument,
    });
  return out;
}

/** The permissions policies of a user (with its groups'), group or role; of a policy, itself. */
export async function entityPolicies(
  store: IamStore,
  account: string,
  e: ResolvedEntity,
): Promise<GrantingPolicy[]> {
  switch (e.kind) {
    case 'user': {
      const out = await ownPolicies(store, account, 'user', e.user.UserId, e.user.UserName);
      for (const g of (await store.groups.groupsOfUser(account, e.user.UserName, { maxItems: 1000 })).items)
        out.push(...(await ownPolicies(store, account, 'group', g.GroupId, g.GroupName)));
      return out;
    }
    case 'group':
      return ownPolicies(store, account, 'group', e.group.GroupId, e.group.GroupName);
    case 'role':
      return ownPolicies(store, account, 'role', e.role.RoleId, e.role.RoleName);
    case 'policy': {
      const text = (await managedPolicyDocument(store, account, e.arn)) ?? '{}';
      return [{ PolicyName: e.name, PolicyType: 'MANAGED', PolicyArn: e.arn, text }];
    }
  }
}

const splitAction = (pattern: string): [string, string] => {
  const colon = pattern.indexOf(':');
  return colon < 0 ? [pattern, ''] : [pattern.slice(0, colon), pattern.slice(colon + 1)];
};

/** Whether an action pattern covers some action of the namespace. */
function coversSome(pattern: string, namespace: string): boolean {
  if (pattern === '*') return true;
  const [service, action] = splitAction(pattern);
  return action !== '' && compileGlob(service, { ignoreCase: true })(namespace);
}

/** Whether an action pattern covers every action of the namespace (`*`, `iam:*`, `i*:*`). */
function coversAll(pattern: string, namespace: string): boolean {
  if (pattern === '*') return true;
  const [service, action] = splitAction(pattern);
  return /^\*+$/.test(action) && compileGlob(service, { ignoreCase: true })(namespace);
}

/** Whether the policy text allows some action of the namespace (see the file's comment). */
export function grantsService(text: string, namespace: string): boolean {
  const parsed = parsePolicy(text);
  if (!parsed.ok) return false;
  return parsed.doc.statements.some((s) => {
    if (s.effect !== 'Allow') return false;
    if (s.action) return s.action.some((p) => coversSome(p, namespace));
    if (s.notAction) return !s.notAction.some((p) => coversAll(p, namespace));
    return false;
  });
}

/** Whether the policy text allows this one action (`iam:GetUser`). */
export function grantsAction(text: string, action: string): boolean {
  const parsed = parsePolicy(text);
  if (!parsed.ok) return false;
  const matches = (p: string) => compileGlob(p, { ignoreCase: true })(action);
  return parsed.doc.statements.some((s) => {
    if (s.effect !== 'Allow') return false;
    if (s.action) return s.action.some(matches);
    if (s.notAction) return !s.notAction.some(matches);
    return false;
  });
}
