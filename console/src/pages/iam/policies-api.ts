/**
 * Managed policies through the IAM API: list (Scope Local or AWS, every page), create, delete (as
 * AWS's console does: detached from every user, group and role and its other versions deleted first,
 * since DeletePolicy answers DeleteConflict while any remain — API_DeletePolicy.html), and a new
 * default version.
 */
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  type Policy,
} from '@aws-sdk/client-iam';
import { clients } from '../../aws/clients.js';
import { managedPolicyDocument } from './entities.js';

const iam = () => clients().iam;

export async function listPolicies(scope: 'Local' | 'AWS'): Promise<Policy[]> {
  const out: Policy[] = [];
  let Marker: string | undefined;
  for (;;) {
    const r = await iam().send(new ListPoliciesCommand({ Scope: scope, Marker }));
    out.push(...(r.Policies ?? []));
    if (!r.IsTruncated || !r.Marker) return out;
    Marker = r.Marker;
  }
}

export async function createPolicy(name: string, document: string, description: string, path: string) {
  const r = await iam().send(
    new CreatePolicyCommand({
      PolicyName: name,
      PolicyDocument: document,
      Description: description.trim() || undefined,
      Path: path.trim() || undefined,
    }),
  );
  return r.Policy!.Arn!;
}

export async function getPolicy(arn: string): Promise<{ policy: Policy; document: string }> {
  const policy = (await iam().send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
  return { policy, document: await managedPolicyDocument(arn) };
}

export async function saveNewVersion(arn: string, document: string) {
  await iam().send(
    new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: document, SetAsDefault: true }),
  );
}

export async function deletePolicy(arn: string) {
  const PolicyArn = arn;
  const entities = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn }));
  for (const u of entities.PolicyUsers ?? [])
    await iam().send(new DetachUserPolicyCommand({ PolicyArn, UserName: u.UserName! }));
  for (const g of entities.PolicyGroups ?? [])
    await iam().send(new DetachGroupPolicyCommand({ PolicyArn, GroupName: g.GroupName! }));
  for (const r of entities.PolicyRoles ?? [])
    await iam().send(new DetachRolePolicyCommand({ PolicyArn, RoleName: r.RoleName! }));
  const versions = (await iam().send(new ListPolicyVersionsCommand({ PolicyArn }))).Versions ?? [];
  for (const v of versions)
    if (!v.IsDefaultVersion)
      await iam().send(new DeletePolicyVersionCommand({ PolicyArn, VersionId: v.VersionId! }));
  await iam().send(new DeletePolicyCommand({ PolicyArn }));
}
