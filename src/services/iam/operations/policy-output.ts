/**
 * Output shapes (IAM model shapes Role, Policy, PolicyVersion) as IAM sends them: documents
 * URL-encoded, empty Tags left out, and the list operations' subset — API_ListRoles.html: "This
 * operation does not return the following attributes … PermissionsBoundary, RoleLastUsed, Tags";
 * API_ListPolicies.html likewise leaves out Description and Tags.
 */
import type { Page } from '../../../store/index.js';
import type {
  Policy as PolicyShape,
  PolicyVersion as PolicyVersionShape,
  Role as RoleShape,
} from '../../../wire/model/types/iam.js';
import type { ManagedPolicy, PolicyVersion, Role } from '../model.js';
import { encodeDocument } from './policy-document.js';

export function roleOutput(role: Role, listing = false): RoleShape {
  const out: RoleShape = {
    Path: role.Path,
    RoleName: role.RoleName,
    RoleId: role.RoleId,
    Arn: role.Arn,
    CreateDate: role.CreateDate,
    AssumeRolePolicyDocument: encodeDocument(role.AssumeRolePolicyDocument),
    Description: role.Description,
    MaxSessionDuration: role.MaxSessionDuration,
  };
  if (listing) return out;
  out.PermissionsBoundary = role.PermissionsBoundary;
  if (role.Tags.length) out.Tags = role.Tags;
  // GetRole always carries RoleLastUsed, empty until the role is used (API_RoleLastUsed.html).
  out.RoleLastUsed = role.RoleLastUsed ?? {};
  return out;
}

export function policyOutput(p: ManagedPolicy, listing = false): PolicyShape {
  const out: PolicyShape = {
    PolicyName: p.PolicyName,
    PolicyId: p.PolicyId,
    Arn: p.Arn,
    Path: p.Path,
    DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: p.AttachmentCount,
    PermissionsBoundaryUsageCount: p.PermissionsBoundaryUsageCount,
    IsAttachable: p.IsAttachable,
    CreateDate: p.CreateDate,
    UpdateDate: p.UpdateDate,
  };
  if (listing) return out;
  out.Description = p.Description;
  if (p.Tags.length) out.Tags = p.Tags;
  return out;
}

/** CreatePolicyVersion and ListPolicyVersions leave the Document out (IAM model, PolicyVersion). */
export function versionOutput(v: PolicyVersion, withDocument: boolean): PolicyVersionShape {
  return {
    Document: withDocument ? encodeDocument(v.Document) : undefined,
    VersionId: v.VersionId,
    IsDefaultVersion: v.IsDefaultVersion,
    CreateDate: v.CreateDate,
  };
}

/** `{<member>: items, IsTruncated, Marker}` — Marker only when truncated (API_ListRoles.html). */
export function pageOutput<K extends string, T, U = T>(
  member: K,
  page: Page<T>,
  map: (t: T) => U = (t) => t as unknown as U,
): { [M in K]: U[] } & { IsTruncated: boolean; Marker?: string } {
  const items = { [member]: page.items.map(map) } as { [M in K]: U[] };
  return { ...items, IsTruncated: page.isTruncated, Marker: page.marker };
}
