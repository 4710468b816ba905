/**
 * What the policy editor asks and shows for a policy kind: the ValidatePolicy request
 * (API_ValidatePolicy.html: a role trust policy is a RESOURCE_POLICY of resource type
 * AWS::IAM::AssumeRolePolicyDocument) and IAM's own verdict on the text — the
 * MalformedPolicyDocument or LimitExceeded message IAM would answer on save — from the policy
 * engine the server runs, placed at the line of its fault.
 */
import { validatePolicy } from '../../../../src/iam/policy/validate.js';
import type { Finding, PolicyMarker } from './policy-locations.js';
import { findingMarkers, LineIndex, rangeOfLocation } from './policy-locations.js';

/** The kinds of policy the console edits. */
export type EditorPolicyKind = 'inline-user' | 'inline-group' | 'inline-role' | 'managed' | 'trust';

export interface ValidatePolicyRequest {
  policyDocument: string;
  policyType: 'IDENTITY_POLICY' | 'RESOURCE_POLICY';
  validatePolicyResourceType?: 'AWS::IAM::AssumeRolePolicyDocument';
}

export function validateRequest(kind: EditorPolicyKind, text: string): ValidatePolicyRequest {
  if (kind === 'trust')
    return {
      policyDocument: text,
      policyType: 'RESOURCE_POLICY',
      validatePolicyResourceType: 'AWS::IAM::AssumeRolePolicyDocument',
    };
  return { policyDocument: text, policyType: 'IDENTITY_POLICY' };
}

export interface IamVerdict {
  code: 'MalformedPolicyDocument' | 'LimitExceeded';
  message: string;
  /** Where the fault is, when it can be placed. */
  marker?: PolicyMarker;
}

const OWNER = { 'inline-user': 'user', 'inline-group': 'group', 'inline-role': 'role' } as const;

/**
 * IAM's answer for the text as a policy of `kind` (undefined when IAM accepts it). Grammar faults
 * carry their place; for the others, the first ERROR finding of Access Analyzer marks the line.
 */
export function iamVerdict(
  kind: EditorPolicyKind,
  text: string,
  findings: readonly Finding[] = [],
  partition = 'aws',
): IamVerdict | undefined {
  const v = validatePolicy(text, kind === 'trust' ? 'trust' : kind === 'managed' ? 'managed' : 'identity', {
    partition,
    ...(kind in OWNER ? { inlineOwner: OWNER[kind as keyof typeof OWNER] } : {}),
  });
  if (v.valid) return undefined;
  const base = { severity: 'ERROR' as const, code: v.code, message: v.message };
  if (v.location) {
    const range = rangeOfLocation(text, v.location, new LineIndex(text));
    return { code: v.code, message: v.message, marker: { ...base, ...range } };
  }
  const firstError = findingMarkers(
    text,
    findings.filter((f) => f.findingType === 'ERROR'),
  )[0];
  const range = firstError
    ? {
        line: firstError.line,
        column: firstError.column,
        endLine: firstError.endLine,
        endColumn: firstError.endColumn,
      }
    : { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return { code: v.code, message: v.message, marker: { ...base, ...range } };
}
