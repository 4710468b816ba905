/**
 * The Principal element's values (reference_policies_elements_principal.html): which are well
 * formed, and which name IAM users and roles that must exist. Whether they exist is the API
 * layer's question (it has the store); this module only lists them.
 */
import { parseArn } from './arn.js';
import { isServicePrincipal } from './partitions.js';
import { checkIssue, DETAILS } from './check-catalog.js';
import type { ElementFault } from './faults.js';
import type { PathElement, PolicyDocument, PrincipalBlock } from './types.js';
import { invalidPrincipal } from './validate-messages.js';

const ACCOUNT_ID = /^\d{12}$/;
/** IAM keeps a deleted user's or role's unique ID in policies (AIDA…, AROA…; reference_identifiers.html). */
const UNIQUE_ID = /^A(IDA|ROA)[A-Z0-9]{16,}$/;
const CANONICAL_USER = /^[0-9a-f]{64}$/;
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

/** An IAM or STS principal ARN: account root, user, role, assumed-role session, federated user. */
function isPrincipalArn(value: string, partition: string): boolean {
  const arn = parseArn(value);
  if (!arn || arn.partition !== partition || arn.region !== '' || !ACCOUNT_ID.test(arn.account)) return false;
  if (arn.service === 'iam') return arn.resource === 'root' || /^(user|role)\/.+/.test(arn.resource);
  if (arn.service === 'sts') return /^(assumed-role\/[^/]+\/.+|federated-user\/.+)$/.test(arn.resource);
  return false;
}

function isFederatedProvider(value: string, partition: string): boolean {
  const arn = parseArn(value);
  if (arn)
    return (
      arn.partition === partition && arn.service === 'iam' && /^(saml|oidc)-provider\/.+/.test(arn.resource)
    );
  return DOMAIN.test(value);
}

function isValid(type: string, value: string, partition: string): boolean {
  switch (type) {
    case 'AWS':
      return (
        value === '*' || ACCOUNT_ID.test(value) || UNIQUE_ID.test(value) || isPrincipalArn(value, partition)
      );
    case 'Service':
      return isServicePrincipal(value);
    case 'Federated':
      return isFederatedProvider(value, partition);
    case 'CanonicalUser':
      return CANONICAL_USER.test(value);
    default:
      return false;
  }
}

/** Access Analyzer's check for a malformed value of each principal type. */
function principalIssue(type: string): ElementFault['issue'] {
  if (type === 'Service') return checkIssue('INVALID_SERVICE_PRINCIPAL_FORMAT', DETAILS.servicePrincipal);
  if (type === 'Federated')
    return checkIssue('INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY', DETAILS.federatedPrincipal);
  return checkIssue('INVALID_PRINCIPAL_FORMAT', DETAILS.principalFormat);
}

/**
 * The first malformed principal value of a block: IAM's message, Access Analyzer's finding, and
 * where in the block (`[type]` or `[type, index]`), or undefined.
 */
export function principalFault(
  block: PrincipalBlock,
  partition: string,
): (ElementFault & { path: PathElement[] }) | undefined {
  if (block === '*') return undefined;
  for (const [type, values] of Object.entries(block)) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (isValid(type, v, partition)) continue;
      return {
        message: invalidPrincipal(type, v),
        issue: principalIssue(type),
        path: [{ value: type }, { index: i }],
      };
    }
  }
  return undefined;
}

/**
 * The AWS principal ARNs of a document (Principal and NotPrincipal, each once, in order), for the
 * API layer to check that each user and role exists. IAM refuses a trust policy naming one that
 * does not with `invalidPrincipal('AWS', arn)` (databrickslabs/ucx#2269: the role must exist
 * because IAM stores its unique ID).
 */
export function principalArnsOf(doc: PolicyDocument): string[] {
  const out = new Set<string>();
  for (const s of doc.statements) {
    for (const block of [s.principal, s.notPrincipal]) {
      if (block === undefined || block === '*') continue;
      for (const v of block.AWS ?? []) if (v.startsWith('arn:')) out.add(v);
    }
  }
  return [...out];
}
