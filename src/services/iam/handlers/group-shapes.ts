/** Groups as IAM's responses show them (shape Group: Path, GroupName, GroupId, Arn, CreateDate). */
import type { Group } from '../model.js';
import type { Group as GroupOutput } from '../../../wire/model/types/iam.js';

export const groupOut = (g: Group): GroupOutput => ({
  Path: g.Path,
  GroupName: g.GroupName,
  GroupId: g.GroupId,
  Arn: g.Arn,
  CreateDate: g.CreateDate,
});
