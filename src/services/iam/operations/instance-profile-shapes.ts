/**
 * Instance profiles as IAM answers them (IAM model shape InstanceProfile; API_InstanceProfile.html)
 * and the lookups and texts the operations share:
 * - "Instance Profile X cannot be found." (NoSuchEntity; skyplane-project/skyplane#724,
 *   DataBiosphere/toil#4836 quote it from GetInstanceProfile and DeleteInstanceProfile);
 * - "Instance Profile X already exists." (EntityAlreadyExists; hashicorp/terraform-provider-aws#8041);
 * - "Cannot exceed quota for InstanceProfilesPerAccount: 1000" (ansible/workshops#1801) and
 *   "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1" (getmoto/moto#6404, checked
 *   against AWS; the same answer for a role already in the profile, which tools such as Karpenter
 *   read as "already contains the role");
 * - "Cannot delete entity, must remove roles from instance profile first." (DeleteConflict, for
 *   DeleteInstanceProfile and DeleteRole alike; 99designs/iamy#47 and #68).
 */
import { entityAlreadyExists, deleteConflict, limitExceeded, noSuchEntity } from '../errors.js';
import type { IamStore } from '../store.js';
import { InstanceProfileRepo, type InstanceProfile } from '../store-instance-profiles.js';
import { encodeDocument } from './policy-document.js';
import type { InstanceProfile as InstanceProfileShape } from '../../../wire/model/types/iam.js';

export const INSTANCE_PROFILES_QUOTA = 1000;
export const ROLES_PER_INSTANCE_PROFILE = 1;

export const noSuchInstanceProfile = (name: string) =>
  noSuchEntity(`Instance Profile ${name} cannot be found.`);
export const instanceProfileExists = (name: string) =>
  entityAlreadyExists(`Instance Profile ${name} already exists.`);
export const instanceProfilesQuota = () =>
  limitExceeded(`Cannot exceed quota for InstanceProfilesPerAccount: ${INSTANCE_PROFILES_QUOTA}`);
export const rolesPerProfileQuota = () =>
  limitExceeded(`Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${ROLES_PER_INSTANCE_PROFILE}`);
export const mustRemoveRoles = () =>
  deleteConflict('Cannot delete entity, must remove roles from instance profile first.');

/** The repository over the store's database (stateless, so one per use costs nothing). */
export const instanceProfilesOf = (store: IamStore): InstanceProfileRepo =>
  new InstanceProfileRepo(store.db, store.roles);

export async function requireInstanceProfile(
  store: IamStore,
  account: string,
  name: string,
): Promise<InstanceProfile> {
  const p = await instanceProfilesOf(store).get(account, name);
  if (!p) throw noSuchInstanceProfile(name);
  return p;
}

/**
 * InstanceProfile: its roles carry Path, RoleName, RoleId, Arn, CreateDate and the URL-encoded
 * trust policy (the members of the example in API_GetInstanceProfile.html); Tags only when set.
 */
export function instanceProfileOutput(p: InstanceProfile): InstanceProfileShape {
  const out: InstanceProfileShape = {
    Path: p.Path,
    InstanceProfileName: p.InstanceProfileName,
    InstanceProfileId: p.InstanceProfileId,
    Arn: p.Arn,
    CreateDate: p.CreateDate,
    Roles: p.Roles.map((r) => ({
      Path: r.Path,
      RoleName: r.RoleName,
      RoleId: r.RoleId,
      Arn: r.Arn,
      CreateDate: r.CreateDate,
      AssumeRolePolicyDocument: encodeDocument(r.AssumeRolePolicyDocument),
    })),
  };
  if (p.Tags.length) out.Tags = p.Tags;
  return out;
}
