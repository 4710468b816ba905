/**
 * AssumeRole's input (API_AssumeRole.html), from awsQuery's strings to the model's types, with
 * every member constraint of the model checked in one ValidationError as AWS's front end does
 * before anything else happens.
 */
import { checkConstraints, type Constraint } from '../shared/constraints.js';
import type { Tag } from '../iam/model.js';
import * as c from './constraints.js';

export interface AssumeRoleInput {
  RoleArn: string;
  RoleSessionName: string;
  DurationSeconds?: number;
  Policy?: string;
  PolicyArns: string[];
  Tags: Tag[];
  TransitiveTagKeys: string[];
  ExternalId?: string;
  SerialNumber?: string;
  TokenCode?: string;
  SourceIdentity?: string;
}

type Member = [name: string, value: unknown, constraint: Constraint];

function tagsOf(raw: unknown[], checks: Member[]): Tag[] {
  return raw.map((t, i) => {
    const o = (typeof t === 'object' && t !== null ? t : {}) as Record<string, unknown>;
    const Key = typeof o['Key'] === 'string' ? o['Key'] : undefined;
    const Value = typeof o['Value'] === 'string' ? o['Value'] : undefined;
    // Nested members are named as AWS names them: 'tags.1.member.key'.
    checks.push([`tags.${i + 1}.member.key`, Key, { ...c.TAG_KEY, required: true }]);
    checks.push([`tags.${i + 1}.member.value`, Value, { ...c.TAG_VALUE, required: true }]);
    return { Key: Key ?? '', Value: Value ?? '' };
  });
}

function policyArnsOf(raw: unknown[], checks: Member[]): string[] {
  return raw.map((p, i) => {
    const o = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
    const arn = typeof o['arn'] === 'string' ? o['arn'] : undefined;
    checks.push([`policyArns.${i + 1}.member.arn`, arn, c.ARN]);
    return arn ?? '';
  });
}

export function parseAssumeRole(raw: Record<string, unknown>): AssumeRoleInput {
  const checks: Member[] = [];
  const RoleArn = c.str(raw, 'RoleArn');
  const RoleSessionName = c.str(raw, 'RoleSessionName');
  const DurationSeconds = c.int(raw, 'DurationSeconds');
  const Policy = c.str(raw, 'Policy');
  const ExternalId = c.str(raw, 'ExternalId');
  const SerialNumber = c.str(raw, 'SerialNumber');
  const TokenCode = c.str(raw, 'TokenCode');
  const SourceIdentity = c.str(raw, 'SourceIdentity');
  const rawTags = c.list(raw, 'Tags');
  const rawKeys = c.list(raw, 'TransitiveTagKeys');
  const rawArns = c.list(raw, 'PolicyArns');
  checks.push(
    ['RoleArn', RoleArn, { ...c.ARN, required: true }],
    ['RoleSessionName', RoleSessionName, { ...c.ROLE_SESSION_NAME, required: true }],
    ['PolicyArns', rawArns, c.POLICY_ARN_LIST],
    ['Policy', Policy, c.POLICY],
    ['DurationSeconds', DurationSeconds, c.ROLE_DURATION],
    ['Tags', rawTags, c.TAG_LIST],
    ['TransitiveTagKeys', rawKeys, c.TAG_LIST],
    ['ExternalId', ExternalId, c.EXTERNAL_ID],
    ['SerialNumber', SerialNumber, c.SERIAL_NUMBER],
    ['TokenCode', TokenCode, c.TOKEN_CODE],
    ['SourceIdentity', SourceIdentity, c.SOURCE_IDENTITY],
  );
  const Tags = tagsOf(rawTags ?? [], checks);
  const PolicyArns = policyArnsOf(rawArns ?? [], checks);
  const TransitiveTagKeys = (rawKeys ?? []).map((k, i) => {
    const key = typeof k === 'string' ? k : undefined;
    checks.push([`transitiveTagKeys.${i + 1}.member`, key, { ...c.TAG_KEY, required: true }]);
    return key ?? '';
  });
  checkConstraints(checks);
  return {
    RoleArn: RoleArn!,
    RoleSessionName: RoleSessionName!,
    DurationSeconds,
    Policy,
    PolicyArns,
    Tags,
    TransitiveTagKeys,
    ExternalId,
    SerialNumber,
    TokenCode,
    SourceIdentity,
  };
}
