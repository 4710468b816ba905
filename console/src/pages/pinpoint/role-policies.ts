/**
 * The two policies of the email orchestration sending role, as the seed gives them
 * (pinpoint/latest/developerguide/permissions-ses.html, "IAM role for sending email with Amazon
 * SES"): the permissions policy lets Pinpoint send through SES in this partition, region and
 * account; the trust policy lets pinpoint.amazonaws.com assume the role for this account only.
 * Pretty-printed, because the page shows them before it creates them.
 */
import { partitionOfRegion } from '../../../../src/iam/policy/partitions.js';

/**
 * The partition a region is in ("For standard AWS Regions, the partition is aws … the partition in
 * the AWS GovCloud (US-West) Region is aws-us-gov"); botocore's partition patterns decide.
 */
export function partitionOf(region: string): string {
  const p = partitionOfRegion(region);
  if (!p) throw new Error(`No AWS partition has the region \`${region}\``);
  return p.id;
}

export interface RoleScope {
  account: string;
  region: string;
}

export function permissionsPolicy({ account, region }: RoleScope): string {
  const partition = partitionOf(region);
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'PinpointUsesSESForEmailSends',
          Effect: 'Allow',
          Action: ['ses:SendEmail', 'ses:SendRawEmail'],
          Resource: [
            `arn:${partition}:ses:${region}:${account}:identity/*`,
            `arn:${partition}:ses:${region}:${account}:configuration-set/*`,
          ],
        },
      ],
    },
    null,
    2,
  );
}

export function trustPolicy({ account }: RoleScope): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowPinpoint',
          Effect: 'Allow',
          Principal: { Service: 'pinpoint.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': account } },
        },
      ],
    },
    null,
    2,
  );
}

/** The inline policy's name on the role the page creates. */
export const PERMISSIONS_POLICY_NAME = 'PinpointUsesSESForEmailSends';

/**
 * The account in an ARN from sts:GetCallerIdentity (`arn:aws:iam::123456789012:user/x`): its fifth
 * field.
 */
export function accountOfArn(arn: string): string {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !/^\d{12}$/.test(parts[4]))
    throw new Error(`\`${arn}\` is not an ARN with an account`);
  return parts[4];
}

/**
 * IAM's role name rule (API_CreateRole.html, RoleName: 1-64 characters of `[\w+=,.@-]+`); checked
 * before the call so the field can say so, IAM still decides.
 */
export function roleNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'Enter a role name.';
  if (name.length > 64) return 'The role name must be at most 64 characters.';
  if (!/^[\w+=,.@-]+$/.test(name)) return 'Use letters, digits and + = , . @ _ - only.';
  return undefined;
}
