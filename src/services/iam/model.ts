/**
 * IAM's records as the store keeps them. Field names and optionality follow the IAM service model
 * (botocore data/iam/2010-05-08/service-2.json: shapes Role, User, Group, Policy, PolicyVersion,
 * AccessKey, AccessKeyMetadata, AttachedPermissionsBoundary, RoleLastUsed, Tag, AttachedPolicy) so
 * the API layer serializes them without renaming. Dates are `Date`; the wire layer formats them.
 * Policy documents are the text the caller sent; the API layer URL-encodes them on output.
 */

/** IAM is global: everything is keyed by account, never by region. */
export type AccountId = string;

export interface Tag {
  Key: string;
  Value: string;
}

/** Shape AttachedPermissionsBoundary; IAM's only type is `PermissionsBoundaryPolicy`. */
export interface AttachedPermissionsBoundary {
  PermissionsBoundaryType: 'PermissionsBoundaryPolicy';
  PermissionsBoundaryArn: string;
}

export interface Account {
  AccountId: AccountId;
  CreateDate: Date;
}

export interface User {
  Path: string;
  UserName: string;
  UserId: string;
  Arn: string;
  CreateDate: Date;
  PasswordLastUsed?: Date;
  PermissionsBoundary?: AttachedPermissionsBoundary;
  Tags: Tag[];
}

export interface Group {
  Path: string;
  GroupName: string;
  GroupId: string;
  Arn: string;
  CreateDate: Date;
}

export interface RoleLastUsed {
  LastUsedDate?: Date;
  Region?: string;
}

/**
 * MaxSessionDuration is 3600–43200 seconds, 3600 when not given
 * (IAM API reference, API_CreateRole.html, MaxSessionDuration).
 */
export const DEFAULT_MAX_SESSION_DURATION = 3600;

export interface Role {
  Path: string;
  RoleName: string;
  RoleId: string;
  Arn: string;
  CreateDate: Date;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  PermissionsBoundary?: AttachedPermissionsBoundary;
  Tags: Tag[];
  RoleLastUsed?: RoleLastUsed;
}

/** Who an inline policy or a managed policy attachment belongs to. */
export type PrincipalEntityKind = 'user' | 'group' | 'role';

/** Inline policy (GetUserPolicy/GetGroupPolicy/GetRolePolicy responses: PolicyName, PolicyDocument). */
export interface InlinePolicy {
  PolicyName: string;
  PolicyDocument: string;
}

/** Shape Policy. AttachmentCount and PermissionsBoundaryUsageCount are counted in the caller's account. */
export interface ManagedPolicy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  AttachmentCount: number;
  PermissionsBoundaryUsageCount: number;
  IsAttachable: boolean;
  Description?: string;
  CreateDate: Date;
  UpdateDate: Date;
  Tags: Tag[];
}

/** Shape PolicyVersion. VersionId is `v1`, `v2`, … (pattern v[1-9][0-9]*). */
export interface PolicyVersion {
  VersionId: string;
  IsDefaultVersion: boolean;
  Document: string;
  CreateDate: Date;
}

/** Shape AttachedPolicy. */
export interface AttachedPolicy {
  PolicyName: string;
  PolicyArn: string;
}

export type AccessKeyStatus = 'Active' | 'Inactive';

/**
 * Shape AccessKey (the secret is returned once, by CreateAccessKey). `UserName` is absent for the
 * root user's own keys, which belong to the account rather than to an IAM user.
 */
export interface AccessKey {
  UserName?: string;
  AccessKeyId: string;
  Status: AccessKeyStatus;
  SecretAccessKey: string;
  CreateDate: Date;
}

/** Shape AccessKeyMetadata: what ListAccessKeys shows (no secret). */
export type AccessKeyMetadata = Omit<AccessKey, 'SecretAccessKey'>;

/** Shape AccessKeyLastUsed (GetAccessKeyLastUsed). */
export interface AccessKeyLastUsed {
  LastUsedDate?: Date;
  ServiceName: string;
  Region: string;
}

/** The dependents that make IAM refuse a delete (DeleteConflict); the API layer words the refusal. */
export interface UserDependents {
  accessKeys: number;
  inlinePolicies: number;
  attachedPolicies: number;
  groups: number;
}

export interface GroupDependents {
  members: number;
  inlinePolicies: number;
  attachedPolicies: number;
}

export interface RoleDependents {
  inlinePolicies: number;
  attachedPolicies: number;
}

export interface PolicyDependents {
  attachments: number;
  permissionsBoundaryUses: number;
  nonDefaultVersions: number;
}

/** Counts behind GetAccountSummary and the quota checks (reference_iam-quotas.html). */
export interface AccountCounts {
  Users: number;
  Groups: number;
  Roles: number;
  Policies: number;
  AccessKeysOfRoot: number;
}
