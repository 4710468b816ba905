/**
 * The policies SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy read for a
 * PolicySourceArn (API_SimulatePrincipalPolicy.html): a user's inline and attached policies and
 * those of every group it is in, a group's, or a role's; and its permissions boundary. Each is
 * tagged with what IAM reports as MatchedStatements' SourcePolicyType (API_Statement.html: user,
 * group, role, aws-managed, user-managed) and its name as SourcePolicyId.
 */
import type { RequestContext } from '../../../wire/context.js';
import { managedPolicyDocument } from '../authz/principal-policies.js';
import type { IamDeps } from '../deps.js';
import { invalidInput, noSuchEntity } from '../errors.js';
import { accountOf } from './user-entities.js';

export type SourceType = 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed';

export interface SourcePolicy {
  name: string;
  type: SourceType;
  text: string;
}

export interface PolicySourceEntity {
  kind: 'user' | 'group' | 'role';
  arn: string;
  identity: SourcePolicy[];
  boundary?: SourcePolicy;
}

const ENTITY_ARN = /^arn:[\w-]+:iam::(\d{12}):(user|group|role)(\/(?:.*\/)?)([^/]+)$/;

/**
 * IAM's InvalidInput texts, as the AWS CLI shows them: "Invalid Entity Arn: arn:aws:sts::…:
 * assumed-role/… does not clearly define entity type and name." and "Invalid Policy Source Arn:
 * caller's account X does not have access to policies in account Y".
 */
function parseSourceArn(arn: string, account: string): { kind: 'user' | 'group' | 'role'; name: string } {
  const m = ENTITY_ARN.exec(arn);
  if (!m) throw invalidInput(`Invalid Entity Arn: ${arn} does not clearly define entity type and name.`);
  if (m[1] !== account) {
    throw invalidInput(
      `Invalid Policy Source Arn: caller's account ${account} does not have access to policies in account ${m[1]}`,
    );
  }
  return { kind: m[2] as 'user' | 'group' | 'role', name: m[4] };
}

/** The entity's policies; NoSuchEntity with IAM's "The role with name X cannot be found." etc. */
export async function policySource(
  deps: IamDeps,
  ctx: RequestContext,
  arn: string,
): Promise<PolicySourceEntity> {
  const { store } = deps;
  const account = accountOf(ctx);
  const { kind, name } = parseSourceArn(arn, account);
  const missing = () => noSuchEntity(`The ${kind} with name ${name} cannot be found.`);
  const of = async (k: 'user' | 'group' | 'role', id: string): Promise<SourcePolicy[]> => [
    ...(await store.inlinePolicies.byOwnerId(k, id)).map((p) => ({
      name: p.PolicyName,
      type: k,
      text: p.PolicyDocument,
    })),
    ...(await managed(deps, account, await store.attachments.arnsByOwnerId(k, id))),
  ];
  const boundaryOf = async (boundaryArn: string | undefined): Promise<SourcePolicy | undefined> => {
    if (!boundaryArn) return undefined;
    return (await managed(deps, account, [boundaryArn]))[0];
  };
  if (kind === 'user') {
    const user = await store.users.get(account, name);
    if (!user) throw missing();
    const identity = await of('user', user.UserId);
    for (const g of (await store.groups.groupsOfUser(account, user.UserName, { maxItems: 1000 })).items) {
      identity.push(...(await of('group', g.GroupId)));
    }
    return {
      kind,
      arn: user.Arn,
      identity,
      boundary: await boundaryOf(user.PermissionsBoundary?.PermissionsBoundaryArn),
    };
  }
  if (kind === 'group') {
    const group = await store.groups.get(account, name);
    if (!group) throw missing();
    return { kind, arn: group.Arn, identity: await of('group', group.GroupId) };
  }
  const role = await store.roles.get(account, name);
  if (!role) throw missing();
  return {
    kind,
    arn: role.Arn,
    identity: await of('role', role.RoleId),
    boundary: await boundaryOf(role.PermissionsBoundary?.PermissionsBoundaryArn),
  };
}

async function managed(deps: IamDeps, account: string, arns: readonly string[]): Promise<SourcePolicy[]> {
  const out: SourcePolicy[] = [];
  for (const arn of arns) {
    const text = await managedPolicyDocument(deps.store, account, arn);
    if (text === undefined) continue;
    out.push({
      name: arn.slice(arn.lastIndexOf('/') + 1),
      type: /^arn:[\w-]+:iam::aws:policy\//.test(arn) ? 'aws-managed' : 'user-managed',
      text,
    });
  }
  return out;
}
