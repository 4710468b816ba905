/**
 * Stage two of the policy engine: is this document one IAM would store as a policy of this type?
 * Answers IAM's error code and exact message for the first fault, in the order IAM reports them
 * (size, grammar, version, legacy parser, Sids, principals, actions, resources — the order moto's
 * validator follows, which its authors matched against AWS). Messages and their sources are in
 * validate-messages.ts; quotas in limits.ts.
 */
import { parsePolicy } from './parse.js';
import { limitExceededMessage, policySize, sizeQuotaFor, type SizeQuota } from './limits.js';
import { principalError } from './principals.js';
import type { InlineOwner, PolicyDocument, PolicyLocation, PolicyType, Statement } from './types.js';
import { actionError, conditionKeyError, resourceError } from './validate-elements.js';
import * as msg from './validate-messages.js';

export { policySize, limitExceededMessage, sessionPolicyTooLong, type SizeQuota } from './limits.js';
export { principalArnsOf } from './principals.js';

export interface ValidateOptions {
  /** Whose inline policy an `identity` policy is; decides the size quota (role when absent). */
  inlineOwner?: InlineOwner;
  /** The account's trust policy quota: 2,048 by default, raisable to 4,096 (reference_iam-quotas.html). */
  maxTrustPolicySize?: number;
  /** The account's partition; resources and principals must be in it. Default `aws`. */
  partition?: string;
  /** The user, group or role name, so that an inline LimitExceeded message is complete. */
  entityName?: string;
}

export type ValidationResult =
  | { valid: true; doc: PolicyDocument }
  | {
      valid: false;
      code: 'MalformedPolicyDocument' | 'LimitExceeded';
      message: string;
      /** Set for LimitExceeded: the quota that was exceeded (see limits.ts for the API layer's part). */
      quota?: SizeQuota;
      /**
       * Set for grammar faults: where, for people (the CLI). Pinpost's own help: IAM's answer on
       * the wire is the message alone, so API handlers must not send it.
       */
      location?: PolicyLocation;
    };

/** Policy types IAM itself stores and checks with its identity-policy rules. */
const IDENTITY_LIKE = new Set<PolicyType>(['identity', 'managed', 'boundary', 'session']);
/** IAM policies whose Sids IAM restricts to [0-9A-Za-z]* (reference_policies_elements_sid.html). */
const ALPHANUMERIC_SID = new Set<PolicyType>(['identity', 'managed', 'boundary', 'trust']);

/**
 * STS actions a trust policy may name. IAM's message lists three, but IAM accepts the other STS
 * actions a trust policy needs (sts:TagSession, id_session-tags.html; sts:SetSourceIdentity,
 * id_credentials_temp_control-access_monitor.html; sts:SetContext). moto accepts every action of
 * list_awssecuritytokenservice.html and refuses wildcards; Pinpost follows moto.
 */
const TRUST_ACTIONS = new Set(
  [
    'AssumeRole',
    'AssumeRoleWithSAML',
    'AssumeRoleWithWebIdentity',
    'DecodeAuthorizationMessage',
    'GetAccessKeyInfo',
    'GetCallerIdentity',
    'GetFederationToken',
    'GetServiceBearerToken',
    'GetSessionToken',
    'SetContext',
    'SetSourceIdentity',
    'TagSession',
  ].map((a) => `sts:${a}`.toLowerCase()),
);

type Fault = { code: 'MalformedPolicyDocument'; message: string };
const malformed = (message: string): Fault => ({ code: 'MalformedPolicyDocument', message });

export function validatePolicy(
  text: string,
  type: PolicyType,
  options: ValidateOptions = {},
): ValidationResult {
  const quota = sizeQuotaFor(type, options.inlineOwner, options.maxTrustPolicySize);
  if (quota && policySize(text) > quota.max) {
    return {
      valid: false,
      code: 'LimitExceeded',
      message: limitExceededMessage(quota, options.entityName),
      quota,
    };
  }
  const parsed = parsePolicy(text);
  if (!parsed.ok) {
    const message = type === 'trust' && parsed.invalidJson ? msg.INVALID_JSON : parsed.message;
    return { valid: false, ...malformed(message), ...(parsed.location && { location: parsed.location }) };
  }
  const fault = documentFault(parsed.doc, type, options.partition ?? 'aws');
  return fault ? { valid: false, ...fault } : { valid: true, doc: parsed.doc };
}

function documentFault(doc: PolicyDocument, type: PolicyType, partition: string): Fault | undefined {
  const checks: (() => string | undefined)[] = [
    () => versionFault(doc, type),
    () => sidFault(doc, type),
    () => firstOf(doc, (s) => principalPresenceFault(s, type)),
    () => firstOf(doc, actionsPresenceFault),
    () => (type === 'trust' ? firstOf(doc, trustResourceFault) : undefined),
    () => firstOf(doc, (s) => resourcesFault(s, partition)),
    () => firstOf(doc, actionsFormatFault),
    () => (IDENTITY_LIKE.has(type) ? firstOf(doc, resourcesPresenceFault) : undefined),
    () => (type === 'trust' ? firstOf(doc, trustActionsFault) : undefined),
    () => (type === 'trust' || type === 'resource' ? firstOf(doc, principalRequiredFault) : undefined),
    () => (type === 'trust' ? firstOf(doc, (s) => principalValueFault(s, partition)) : undefined),
  ];
  for (const check of checks) {
    const message = check();
    if (message !== undefined) return malformed(message);
  }
  return undefined;
}

function firstOf(doc: PolicyDocument, check: (s: Statement) => string | undefined): string | undefined {
  for (const s of doc.statements) {
    const m = check(s);
    if (m !== undefined) return m;
  }
  return undefined;
}

/** Managed policies (and boundaries, which are managed policies) need 2012-10-17 (access_policies_managed-versioning.html). */
function versionFault(doc: PolicyDocument, type: PolicyType): string | undefined {
  if ((type === 'managed' || type === 'boundary') && doc.version !== '2012-10-17') return msg.VERSION_TOO_OLD;
  return undefined;
}

function sidFault(doc: PolicyDocument, type: PolicyType): string | undefined {
  const sids = doc.statements
    .map((s) => s.sid)
    .filter((sid): sid is string => sid !== undefined && sid !== '');
  if (ALPHANUMERIC_SID.has(type) && sids.some((sid) => !/^[0-9A-Za-z]*$/.test(sid)))
    return msg.SID_NOT_ALPHANUMERIC;
  if (new Set(sids).size !== sids.length) return msg.SIDS_NOT_UNIQUE;
  return undefined;
}

function principalPresenceFault(s: Statement, type: PolicyType): string | undefined {
  const hasPrincipal = s.principal !== undefined || s.notPrincipal !== undefined;
  if (!hasPrincipal) return undefined;
  if (IDENTITY_LIKE.has(type)) return msg.PRINCIPAL_NOT_ALLOWED;
  // SCPs apply to principals of the accounts they are attached to and name none
  // (orgs_manage_policies_scps_syntax.html: Principal is not supported).
  if (type === 'scp') return msg.ORGANIZATIONS_POLICY_TYPE;
  return undefined;
}

function actionsPresenceFault(s: Statement): string | undefined {
  const actions = s.action ?? s.notAction;
  return actions === undefined || actions.length === 0 ? msg.ACTIONS_MISSING : undefined;
}

function trustResourceFault(s: Statement): string | undefined {
  return s.resource !== undefined || s.notResource !== undefined ? msg.RESOURCE_PROHIBITED : undefined;
}

function resourcesFault(s: Statement, partition: string): string | undefined {
  for (const r of s.resource ?? s.notResource ?? []) {
    const m = resourceError(r, partition);
    if (m !== undefined) return m;
  }
  return undefined;
}

function actionsFormatFault(s: Statement): string | undefined {
  for (const a of s.action ?? s.notAction ?? []) {
    const m = actionError(a);
    if (m !== undefined) return m;
  }
  for (const keys of Object.values(s.condition ?? {})) {
    for (const key of Object.keys(keys)) {
      const m = conditionKeyError(key);
      if (m !== undefined) return m;
    }
  }
  return undefined;
}

function resourcesPresenceFault(s: Statement): string | undefined {
  const resources = s.resource ?? s.notResource;
  return resources === undefined || resources.length === 0 ? msg.RESOURCES_MISSING : undefined;
}

function trustActionsFault(s: Statement): string | undefined {
  const actions = s.action ?? s.notAction ?? [];
  return actions.every((a) => TRUST_ACTIONS.has(a.toLowerCase())) ? undefined : msg.TRUST_ACTIONS;
}

function principalRequiredFault(s: Statement): string | undefined {
  return s.principal === undefined && s.notPrincipal === undefined ? msg.PRINCIPAL_MISSING : undefined;
}

function principalValueFault(s: Statement, partition: string): string | undefined {
  const block = s.principal ?? s.notPrincipal;
  return block === undefined ? undefined : principalError(block, partition);
}
