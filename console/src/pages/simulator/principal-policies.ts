/**
 * The policies SimulatePrincipalPolicy reads for a user, group or role (API_SimulatePrincipalPolicy.html:
 * a user's own policies and those of its groups, a group's, a role's; and its permissions
 * boundary), fetched with the IAM API so the page can show their text and highlight the matched
 * statements. Each is named as MatchedStatements name it (API_Statement.html): SourcePolicyId the
 * policy's name, SourcePolicyType user, group, role, aws-managed or user-managed; a role's trust
 * policy as the resource policy of sts:AssumeRole, under the role's ARN. Texts are shown as stored
 * (decoded, not reformatted): StartPosition and EndPosition count lines and columns of the stored text.
 */
import {
  attachedPolicies,
  entityOfArn,
  getEntity,
  inlinePolicy,
  inlinePolicyNames,
  managedPolicyDocument,
  type EntityKind,
} from '../iam/entities.js';
import type { ShownPolicy } from './statement-highlights.js';

export interface PrincipalPolicies {
  arn: string;
  kind: EntityKind;
  identity: ShownPolicy[];
  boundary?: ShownPolicy;
  trust?: ShownPolicy;
}

const managedType = (arn: string) =>
  /^arn:[\w-]+:iam::aws:policy\//.test(arn) ? 'aws-managed' : 'user-managed';
const nameOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

async function ownPolicies(kind: EntityKind, name: string): Promise<ShownPolicy[]> {
  const out: ShownPolicy[] = [];
  for (const p of await inlinePolicyNames(kind, name))
    out.push({
      id: p,
      type: kind,
      title: `${p} (inline, ${kind} ${name})`,
      text: await inlinePolicy(kind, name, p),
    });
  for (const a of await attachedPolicies(kind, name))
    out.push({
      id: a.PolicyName!,
      type: managedType(a.PolicyArn!),
      title: `${a.PolicyName} (${managedType(a.PolicyArn!)}, attached to ${kind} ${name})`,
      text: await managedPolicyDocument(a.PolicyArn!),
    });
  return out;
}

export async function principalPolicies(arn: string): Promise<PrincipalPolicies> {
  const e = entityOfArn(arn);
  if (!e) throw new Error(`\`${arn}\` is not the ARN of a user, group or role`);
  const detail = await getEntity(e.kind, e.name);
  const identity = await ownPolicies(e.kind, e.name);
  if (e.kind === 'user') for (const g of detail.members) identity.push(...(await ownPolicies('group', g)));
  const result: PrincipalPolicies = { arn: detail.arn, kind: e.kind, identity };
  if (detail.boundaryArn)
    result.boundary = {
      id: nameOf(detail.boundaryArn),
      type: managedType(detail.boundaryArn),
      title: `${nameOf(detail.boundaryArn)} (permissions boundary)`,
      text: await managedPolicyDocument(detail.boundaryArn),
    };
  if (e.kind === 'role')
    result.trust = {
      id: detail.arn,
      type: 'resource',
      title: 'Trust policy (decides sts:AssumeRole)',
      text: detail.trustPolicy ?? '',
    };
  return result;
}
