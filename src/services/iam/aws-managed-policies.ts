import { awsManagedPolicyArnPrefix, partitionOfArn } from './ids.js';
import type { ManagedPolicy, PolicyVersion } from './model.js';

/**
 * AWS managed policies that users attach to get going. They are global (account `aws`), read-only,
 * and the same for every account; only their attachment counts are per account, so the store adds
 * those. Only policies whose document is short enough to state exactly are here.
 *
 * Names, descriptions, paths, default versions, dates and documents come from the AWS Managed
 * Policy Reference Guide (docs.aws.amazon.com/aws-managed-policy/latest/reference/<Name>.html).
 * The guide gives times to the minute; AdministratorAccess's seconds (18:39:46) are those its
 * GetPolicy output shows. PolicyIds come from GetPolicy/ListPolicies output published for these
 * ARNs (e.g. ANPAIWMBCKSKIEE64ZLYK for AdministratorAccess), which the guide does not list.
 * Documents are kept compact; the guide prints the same JSON indented.
 */
export interface AwsManagedPolicy {
  PolicyName: string;
  PolicyId: string;
  Path: string;
  Description: string;
  DefaultVersionId: string;
  CreateDate: Date;
  UpdateDate: Date;
  Document: string;
}

const doc = (statement: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statement });

export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = [
  {
    // AdministratorAccess.html
    PolicyName: 'AdministratorAccess',
    PolicyId: 'ANPAIWMBCKSKIEE64ZLYK',
    Path: '/',
    Description: 'Provides full access to AWS services and resources.',
    DefaultVersionId: 'v1',
    CreateDate: new Date('2015-02-06T18:39:46Z'),
    UpdateDate: new Date('2015-02-06T18:39:46Z'),
    Document: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
  },
  {
    // PowerUserAccess.html (v12, edited February 12, 2026)
    PolicyName: 'PowerUserAccess',
    PolicyId: 'ANPAJYRXTHIB4FOVS3ZXS',
    Path: '/',
    Description:
      'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
    DefaultVersionId: 'v12',
    CreateDate: new Date('2015-02-06T18:39:00Z'),
    UpdateDate: new Date('2026-02-12T17:59:00Z'),
    Document: doc([
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'account:GetAccountInformation',
          'account:GetGovCloudAccountInformation',
          'account:GetPrimaryEmail',
          'account:ListRegions',
          'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole',
          'iam:ListRoles',
          'organizations:DescribeEffectivePolicy',
          'organizations:DescribeOrganization',
        ],
        Resource: '*',
      },
    ]),
  },
  {
    // IAMFullAccess.html (v2, edited June 21, 2019)
    PolicyName: 'IAMFullAccess',
    PolicyId: 'ANPAI7XKCFMBPM3QQRRVQ',
    Path: '/',
    Description: 'Provides full access to IAM via the AWS Management Console.',
    DefaultVersionId: 'v2',
    CreateDate: new Date('2015-02-06T18:40:00Z'),
    UpdateDate: new Date('2019-06-21T19:40:00Z'),
    Document: doc([
      {
        Effect: 'Allow',
        Action: [
          'iam:*',
          'organizations:DescribeAccount',
          'organizations:DescribeOrganization',
          'organizations:DescribeOrganizationalUnit',
          'organizations:DescribePolicy',
          'organizations:ListChildren',
          'organizations:ListParents',
          'organizations:ListPoliciesForTarget',
          'organizations:ListRoots',
          'organizations:ListPolicies',
          'organizations:ListTargetsForPolicy',
        ],
        Resource: '*',
      },
    ]),
  },
  {
    // IAMReadOnlyAccess.html (v4, edited January 25, 2018)
    PolicyName: 'IAMReadOnlyAccess',
    PolicyId: 'ANPAJKSO7NDY4T57MWDSQ',
    Path: '/',
    Description: 'Provides read only access to IAM via the AWS Management Console.',
    DefaultVersionId: 'v4',
    CreateDate: new Date('2015-02-06T18:40:00Z'),
    UpdateDate: new Date('2018-01-25T19:11:00Z'),
    Document: doc([
      {
        Effect: 'Allow',
        Action: [
          'iam:GenerateCredentialReport',
          'iam:GenerateServiceLastAccessedDetails',
          'iam:Get*',
          'iam:List*',
          'iam:SimulateCustomPolicy',
          'iam:SimulatePrincipalPolicy',
        ],
        Resource: '*',
      },
    ]),
  },
  {
    // AmazonSESFullAccess.html (v1)
    PolicyName: 'AmazonSESFullAccess',
    PolicyId: 'ANPAJ2P4NXCHAT7NDPNR4',
    Path: '/',
    Description: 'Provides full access to Amazon SES via the AWS Management Console.',
    DefaultVersionId: 'v1',
    CreateDate: new Date('2015-02-06T18:41:00Z'),
    UpdateDate: new Date('2015-02-06T18:41:00Z'),
    Document: doc([{ Effect: 'Allow', Action: ['ses:*'], Resource: '*' }]),
  },
  {
    // AmazonSESReadOnlyAccess.html (v2, edited May 14, 2024)
    PolicyName: 'AmazonSESReadOnlyAccess',
    PolicyId: 'ANPAINV2XPFRMWJJNSCGI',
    Path: '/',
    Description: 'Provides read only access to Amazon SES via the AWS Management Console.',
    DefaultVersionId: 'v2',
    CreateDate: new Date('2015-02-06T18:41:00Z'),
    UpdateDate: new Date('2024-05-14T12:03:00Z'),
    Document: doc([
      {
        Sid: 'SESReadOnlyAccess',
        Effect: 'Allow',
        Action: ['ses:Get*', 'ses:List*', 'ses:BatchGetMetricData'],
        Resource: '*',
      },
    ]),
  },
];

/** The policy's ARN in a partition: each partition has its own `aws` account's policies. */
export function awsManagedPolicyArn(p: AwsManagedPolicy, partition = 'aws'): string {
  return `${awsManagedPolicyArnPrefix(partition).slice(0, -1)}${p.Path}${p.PolicyName}`;
}

const byArn = new Map(AWS_MANAGED_POLICIES.map((p) => [awsManagedPolicyArn(p), p]));

export function isAwsManagedPolicyArn(arn: string): boolean {
  return arn.startsWith(awsManagedPolicyArnPrefix(partitionOfArn(arn)));
}

export function findAwsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  if (!isAwsManagedPolicyArn(arn)) return undefined;
  return byArn.get('arn:aws' + arn.slice(arn.indexOf(':', 4)));
}

/** The record as GetPolicy shows it, with the caller account's usage counts filled in. */
export function awsManagedPolicyRecord(
  p: AwsManagedPolicy,
  counts: { attachments: number; boundaryUses: number },
  partition: string,
): ManagedPolicy {
  return {
    PolicyName: p.PolicyName,
    PolicyId: p.PolicyId,
    Arn: awsManagedPolicyArn(p, partition),
    Path: p.Path,
    DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: counts.attachments,
    PermissionsBoundaryUsageCount: counts.boundaryUses,
    IsAttachable: true,
    Description: p.Description,
    CreateDate: p.CreateDate,
    UpdateDate: p.UpdateDate,
    Tags: [],
  };
}

/** Only the default version is known; earlier versions' documents are not kept. */
export function awsManagedPolicyVersion(p: AwsManagedPolicy): PolicyVersion {
  return {
    VersionId: p.DefaultVersionId,
    IsDefaultVersion: true,
    Document: p.Document,
    CreateDate: p.UpdateDate,
  };
}
