/**
 * GetAccountSummary's SummaryMap (API_GetAccountSummary.html lists the keys). Quotas are the
 * defaults of reference_iam-quotas.html (users 5,000, groups 300, roles 1,000, customer managed
 * policies 1,500, instance profiles 1,000, server certificates 20, 10 groups per user, 2 access
 * keys and 2 signing certificates per user, 10 managed policies per user, group and role, 5
 * versions per policy, policy sizes 2,048 / 5,120 / 10,240 inline for user / group / role, 6,144
 * managed, 2,048 trust policy). Instance profiles, server certificates and virtual MFA devices (all,
 * and those enabled for a user) are counted; Pinpost has no root password, root MFA, signing
 * certificates or identity providers here, so those are 0.
 */
import { instanceProfilesOf } from '../operations/instance-profile-shapes.js';
import { mfaDevicesOf } from '../operations/mfa-device-shapes.js';
import { serverCertificatesOf } from '../operations/server-certificate-operations.js';
import { globalEndpointTokenVersion } from '../operations/sts-preferences-operation.js';
import type { IamStore } from '../store.js';

export async function summaryMap(store: IamStore, account: string): Promise<Record<string, number>> {
  const c = await store.accounts.counts(account);
  let versionsInUse = 0;
  for (const p of (await store.policies.list(account, { scope: 'Local', maxItems: 1000 })).items) {
    versionsInUse += await store.policies.countVersions(account, p.Arn);
  }
  const mfa = await mfaDevicesOf(store).counts(account);
  return {
    Users: c.Users,
    UsersQuota: 5000,
    Groups: c.Groups,
    GroupsQuota: 300,
    Roles: c.Roles,
    RolesQuota: 1000,
    Policies: c.Policies,
    PoliciesQuota: 1500,
    PolicyVersionsInUse: versionsInUse,
    PolicyVersionsInUseQuota: 10000,
    VersionsPerPolicyQuota: 5,
    PolicySizeQuota: 6144,
    UserPolicySizeQuota: 2048,
    GroupPolicySizeQuota: 5120,
    RolePolicySizeQuota: 10240,
    AssumeRolePolicySizeQuota: 2048,
    GroupsPerUserQuota: 10,
    AccessKeysPerUserQuota: 2,
    SigningCertificatesPerUserQuota: 2,
    AttachedPoliciesPerUserQuota: 10,
    AttachedPoliciesPerGroupQuota: 10,
    AttachedPoliciesPerRoleQuota: 10,
    InstanceProfiles: await instanceProfilesOf(store).count(account),
    InstanceProfilesQuota: 1000,
    ServerCertificates: await serverCertificatesOf(store).count(account),
    ServerCertificatesQuota: 20,
    Providers: 0,
    MFADevices: mfa.all,
    MFADevicesInUse: mfa.inUse,
    AccountMFAEnabled: 0,
    AccountAccessKeysPresent: c.AccessKeysOfRoot > 0 ? 1 : 0,
    AccountPasswordPresent: 0,
    AccountSigningCertificatesPresent: 0,
    GlobalEndpointTokenVersion: await globalEndpointTokenVersion(store, account),
  };
}
