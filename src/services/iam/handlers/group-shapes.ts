/** Groups as IAM's responses show them (shape Group: Path, GroupName, GroupId, Arn, CreateDate). */
import type { Group } from '../model.js';

export const groupOut = (g: Group): Record<string, unknown> => ({
  Path: g.Path,
  GroupName: g.GroupName,
  GroupId: g.GroupId,
  Arn: g.Arn,
  CreateDate: g.CreateDate,
});
