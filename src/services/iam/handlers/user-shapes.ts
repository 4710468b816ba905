/**
 * Users as IAM's responses show them (shape User). Tags and PermissionsBoundary are sent only
 * where they are set; list operations leave them out ("ListUsers … does not return the
 * PermissionsBoundary and Tags", API_ListUsers.html), as does moto.
 */
import type { User } from '../model.js';
import type { User as UserOutput } from '../../../wire/model/types/iam.js';

export function userOut(u: User, full = true): UserOutput {
  const out: UserOutput = {
    Path: u.Path,
    UserName: u.UserName,
    UserId: u.UserId,
    Arn: u.Arn,
    CreateDate: u.CreateDate,
  };
  if (u.PasswordLastUsed) out.PasswordLastUsed = u.PasswordLastUsed;
  if (full && u.PermissionsBoundary) out.PermissionsBoundary = u.PermissionsBoundary;
  if (full && u.Tags.length > 0) out.Tags = u.Tags;
  return out;
}
