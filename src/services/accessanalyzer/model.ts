/**
 * The members of the operations Pinpost serves, and their constraints, from the Access Analyzer
 * model (botocore accessanalyzer/2019-11-01 service-2.json: PolicyType, ValidatePolicyResourceType,
 * AccessCheckPolicyType, AccessCheckResourceType, Locale, CheckAccessNotGrantedRequestAccessList,
 * AccessActionsList, AccessResourcesList, Resource).
 */
import type { Constraint } from '../shared/constraints.js';

export const POLICY_TYPES = [
  'IDENTITY_POLICY',
  'RESOURCE_POLICY',
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
] as const;
export type PolicyTypeName = (typeof POLICY_TYPES)[number];

export const VALIDATE_RESOURCE_TYPES = [
  'AWS::S3::Bucket',
  'AWS::S3::AccessPoint',
  'AWS::S3::MultiRegionAccessPoint',
  'AWS::S3ObjectLambda::AccessPoint',
  'AWS::IAM::AssumeRolePolicyDocument',
  'AWS::DynamoDB::Table',
] as const;

export const ACCESS_CHECK_POLICY_TYPES = ['IDENTITY_POLICY', 'RESOURCE_POLICY'] as const;

export const ACCESS_CHECK_RESOURCE_TYPES = [
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::Stream',
  'AWS::EFS::FileSystem',
  'AWS::OpenSearchService::Domain',
  'AWS::Kinesis::Stream',
  'AWS::Kinesis::StreamConsumer',
  'AWS::KMS::Key',
  'AWS::Lambda::Function',
  'AWS::S3::Bucket',
  'AWS::S3::AccessPoint',
  'AWS::S3Express::DirectoryBucket',
  'AWS::S3::Glacier',
  'AWS::S3Outposts::Bucket',
  'AWS::S3Outposts::AccessPoint',
  'AWS::SecretsManager::Secret',
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
  'AWS::IAM::AssumeRolePolicyDocument',
  'AWS::S3Tables::TableBucket',
  'AWS::ApiGateway::RestApi',
  'AWS::CodeArtifact::Domain',
  'AWS::Backup::BackupVault',
  'AWS::CloudTrail::Dashboard',
  'AWS::CloudTrail::EventDataStore',
  'AWS::S3Tables::Table',
  'AWS::S3Express::AccessPoint',
] as const;

export const LOCALES = ['DE', 'EN', 'ES', 'FR', 'IT', 'JA', 'KO', 'PT_BR', 'ZH_CN', 'ZH_TW'] as const;

export const SHAPES = {
  policyDocument: { required: true },
  policyType: { required: true, enum: POLICY_TYPES },
  validateResourceType: { enum: VALIDATE_RESOURCE_TYPES },
  accessCheckPolicyType: { required: true, enum: ACCESS_CHECK_POLICY_TYPES },
  accessCheckResourceType: { required: true, enum: ACCESS_CHECK_RESOURCE_TYPES },
  locale: { enum: LOCALES },
  accessList: { required: true, min: 0, max: 1 },
  actionsList: { min: 0, max: 100 },
  resourcesList: { min: 0, max: 100 },
  resource: { min: 0, max: 2048 },
} as const satisfies Record<string, Constraint>;
