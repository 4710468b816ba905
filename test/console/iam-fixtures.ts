/**
 * The seed's role for the IAM, simulator and SES console tests: its trust policy (Pinpoint with
 * aws:SourceAccount) and permissions policy (ses:SendEmail/SendRawEmail on identity/* and
 * configuration-set/*), created with the SDK as the seed's manual steps do; and a read-only user.
 */
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
export const ROLE_NAME = 'PinpointSES';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;

export const TRUST = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowPinpoint',
        Effect: 'Allow',
        Principal: { Service: 'pinpoint.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      },
    ],
  },
  null,
  2,
);

export const PERMISSIONS = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PinpointUsesSESForEmailSends',
        Effect: 'Allow',
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Resource: [
          `arn:aws:ses:${REGION}:${ACCOUNT}:identity/*`,
          `arn:aws:ses:${REGION}:${ACCOUNT}:configuration-set/*`,
        ],
      },
    ],
  },
  null,
  2,
);

export async function createSeedRole(iam: IAMClient): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName: ROLE_NAME, AssumeRolePolicyDocument: TRUST }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: ROLE_NAME,
      PolicyName: 'PinpointUsesSES',
      PolicyDocument: PERMISSIONS,
    }),
  );
}

/** A user that may read IAM and check policies, and change nothing. */
export async function createReadOnlyUser(
  iam: IAMClient,
  name = 'reader',
): Promise<{ arn: string; accessKeyId: string; secretAccessKey: string }> {
  const user = await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: name,
      PolicyName: 'ReadOnlyIam',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['iam:Get*', 'iam:List*', 'access-analyzer:ValidatePolicy'],
            Resource: '*',
          },
        ],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { arn: user.User!.Arn!, accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}
