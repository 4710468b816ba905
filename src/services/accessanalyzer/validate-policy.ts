/**
 * ValidatePolicy (API_ValidatePolicy.html): the policy's findings — AWS's finding types, issue
 * codes, findingDetails, learnMoreLink and locations with path and span — from the one source the
 * CLI uses too (iam/policy/findings.ts), a page at a time (maxResults, nextToken).
 */
import { analyzePolicy } from '../../iam/policy/findings.js';
import type { PolicyType } from '../../iam/policy/types.js';
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import { requestPartition } from '../shared/request-partition.js';
import { validationException } from './input.js';
import type { InputOf, OutputOf } from '../../wire/model/types/accessanalyzer.js';

/** The engine's policy type for Access Analyzer's (a trust policy is a resource policy of a role). */
export function engineType(type: InputOf<'ValidatePolicy'>['policyType'], resourceType?: string): PolicyType {
  switch (type) {
    case 'IDENTITY_POLICY':
      return 'identity';
    case 'SERVICE_CONTROL_POLICY':
      return 'scp';
    case 'RESOURCE_CONTROL_POLICY':
      return 'rcp';
    default:
      return resourceType === 'AWS::IAM::AssumeRolePolicyDocument' ? 'trust' : 'resource';
  }
}

/** The page's start as the token says it; Pinpost's tokens are the offset, base64. */
function pageStart(token: string | undefined): number {
  if (token === undefined) return 0;
  const n = Number(Buffer.from(token, 'base64').toString('utf8'));
  // Pinpost's own wording: AWS's text for a token it did not issue was not found.
  if (!Number.isInteger(n) || n < 0) throw validationException('Invalid pagination token');
  return n;
}

export function validatePolicyOperation(): OperationSpec {
  return defineOperation<InputOf<'ValidatePolicy'>, OutputOf<'ValidatePolicy'>>({
    name: 'ValidatePolicy',
    action: 'access-analyzer:ValidatePolicy',
    // list_awsiamaccessanalyzer.html: ValidatePolicy has no resource type.
    resources: () => ['*'],
    handler(i, ctx) {
      const type = engineType(i.policyType, i.validatePolicyResourceType);
      // The model has no partition member: policies are checked in the request's region's partition.
      const partition = requestPartition(ctx);
      const { findings } = analyzePolicy(i.policyDocument, type, { partition });
      const start = pageStart(i.nextToken);
      const size = i.maxResults !== undefined && i.maxResults > 0 ? i.maxResults : findings.length;
      const page = findings.slice(start, start + size);
      const next =
        start + size < findings.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
      return { findings: page, ...(next ? { nextToken: next } : {}) };
    },
  });
}
