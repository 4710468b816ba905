/**
 * Stage two of the policy engine: is this document one IAM would store as a policy of this type?
 * Answers IAM's error code and exact message for the first fault, in the order IAM reports them
 * (size, grammar, version, legacy parser, Sids, principals, actions, resources — the order moto's
 * validator follows, which its authors matched against AWS). Messages and their sources are in
 * validate-messages.ts; quotas in limits.ts.
 */
import { parsePolicy } from './parse.js';
import { limitExceededMessage, policySize, sizeQuotaFor, type SizeQuota } from './limits.js';
import { DETAILS } from './check-catalog.js';
import { fault, type ElementFault, type Fault } from './faults.js';
import { principalFault } from './principals.js';
import {
  POLICY_TYPES,
  type InlineOwner,
  type PathElement,
  type PolicyDocument,
  type PolicyLocation,
  type PolicyType,
  type Statement,
} from './types.js';
import { actionFault, conditionKeyFault, resourceFault } from './validate-elements.js';
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
/** Every policy type IAM or Organizations stores refuses a repeated Sid (SIDS_NOT_UNIQUE). */
const UNIQUE_SIDS = new Set<PolicyType>(POLICY_TYPES);

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
    return {
      valid: false,
      code: 'MalformedPolicyDocument',
      message,
      ...(parsed.location && { location: parsed.location }),
    };
  }
  const first = documentFaults(parsed.doc, type, options.partition ?? 'aws', true)[0];
  return first
    ? { valid: false, code: 'MalformedPolicyDocument', message: first.message }
    : { valid: true, doc: parsed.doc };
}

/** A check of one statement: its fault, located from the statement, or undefined. */
type StatementCheck = (s: Statement) => (ElementFault & { at?: PathElement[] }) | undefined;

/**
 * The faults IAM finds in a document that parsed, in the order IAM reports them (check by check,
 * statement by statement): IAM answers the first; Access Analyzer reports each (`firstOnly` stops
 * at the first, for IAM's answer).
 */
export function documentFaults(
  doc: PolicyDocument,
  type: PolicyType,
  partition: string,
  firstOnly = false,
): Fault[] {
  const faults: Fault[] = [];
  const whole = versionFault(doc, type);
  if (whole) {
    faults.push(whole);
    if (firstOnly) return faults;
  }
  const checks: StatementCheck[] = [
    ...sidChecks(doc, type),
    (s) => principalPresenceFault(s, type),
    actionsPresenceFault,
    ...(type === 'trust' ? [trustResourceFault] : []),
    (s) => resourcesFault(s, partition),
    actionsFormatFault,
    ...(IDENTITY_LIKE.has(type) ? [resourcesPresenceFault] : []),
    ...(type === 'trust' ? [trustActionsFault] : []),
    ...(type === 'trust' || type === 'resource' ? [principalRequiredFault] : []),
    ...(type === 'trust' ? [(s: Statement) => principalValueFault(s, partition)] : []),
  ];
  for (const check of checks) {
    for (const s of doc.statements) {
      const f = check(s);
      if (f === undefined) continue;
      const { at = [], ...rest } = f;
      faults.push({ ...rest, path: [{ value: 'Statement' }, { index: s.index }, ...at] });
      if (firstOnly) return faults;
    }
  }
  return faults;
}

/** Managed policies (and boundaries, which are managed policies) need 2012-10-17 (access_policies_managed-versioning.html). */
function versionFault(doc: PolicyDocument, type: PolicyType): Fault | undefined {
  if ((type !== 'managed' && type !== 'boundary') || doc.version === '2012-10-17') return undefined;
  // Access Analyzer's nearest check; it accepts 2008-10-17 itself, IAM's managed policies do not.
  const f = fault(msg.VERSION_TOO_OLD, 'INVALID_VERSION', DETAILS.version(doc.version ?? ''));
  return { ...f, path: doc.version === undefined ? [] : [{ value: 'Version' }] };
}

/** Sids: IAM's alphabet for its own policy types first, then uniqueness (each as its own check). */
function sidChecks(doc: PolicyDocument, type: PolicyType): StatementCheck[] {
  const alphabet: StatementCheck = (s) =>
    s.sid !== undefined && s.sid !== '' && !/^[0-9A-Za-z]*$/.test(s.sid)
      ? { ...fault(msg.SID_NOT_ALPHANUMERIC, 'UNSUPPORTED_SID', DETAILS.sid), at: [{ value: 'Sid' }] }
      : undefined;
  const seen = new Set<string>();
  const unique: StatementCheck = (s) => {
    if (s.sid === undefined || s.sid === '') return undefined;
    const repeated = seen.has(s.sid);
    seen.add(s.sid);
    return repeated
      ? {
          ...fault(msg.SIDS_NOT_UNIQUE, 'UNIQUE_SIDS_REQUIRED', DETAILS.uniqueSids),
          at: [{ value: 'Sid' }],
        }
      : undefined;
  };
  // IAM answers the alphabet fault of any statement before a repeated Sid.
  return [...(ALPHANUMERIC_SID.has(type) ? [alphabet] : []), ...(UNIQUE_SIDS.has(type) ? [unique] : [])];
}

/** Access Analyzer's name for the policy type a Principal is refused in. */
const AA_TYPE: Partial<Record<PolicyType, string>> = {
  identity: 'IDENTITY_POLICY',
  managed: 'IDENTITY_POLICY',
  boundary: 'IDENTITY_POLICY',
  session: 'IDENTITY_POLICY',
};

function principalPresenceFault(s: Statement, type: PolicyType): ReturnType<StatementCheck> {
  const key =
    s.principal !== undefined ? 'Principal' : s.notPrincipal !== undefined ? 'NotPrincipal' : undefined;
  if (key === undefined) return undefined;
  if (IDENTITY_LIKE.has(type)) {
    const f = fault(
      msg.PRINCIPAL_NOT_ALLOWED,
      'UNSUPPORTED_PRINCIPAL',
      DETAILS.principalUnsupported(AA_TYPE[type]!),
    );
    return { ...f, at: [{ value: key }] };
  }
  // SCPs apply to principals of the accounts they are attached to and name none
  // (orgs_manage_policies_scps_syntax.html: Principal is not supported).
  if (type === 'scp')
    return {
      ...fault(msg.ORGANIZATIONS_POLICY_TYPE, 'SCP_SYNTAX_ERROR_PRINCIPAL', DETAILS.scpPrincipal),
      at: [{ value: key }],
    };
  return undefined;
}

function actionsPresenceFault(s: Statement): ReturnType<StatementCheck> {
  const actions = s.action ?? s.notAction;
  if (actions === undefined) return fault(msg.ACTIONS_MISSING, 'MISSING_ACTION', DETAILS.missingAction);
  // An empty list is Access Analyzer's suggestion EMPTY_ARRAY_ACTION (lint.ts); IAM refuses it.
  if (actions.length === 0) {
    const f = fault(msg.ACTIONS_MISSING, 'MISSING_ACTION', DETAILS.missingAction);
    return { ...f, at: [{ value: s.action ? 'Action' : 'NotAction' }] };
  }
  return undefined;
}

function trustResourceFault(s: Statement): ReturnType<StatementCheck> {
  if (s.resource === undefined && s.notResource === undefined) return undefined;
  const f = fault(msg.RESOURCE_PROHIBITED, 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', DETAILS.trustResource);
  return { ...f, at: [{ value: s.resource ? 'Resource' : 'NotResource' }] };
}

function resourcesFault(s: Statement, partition: string): ReturnType<StatementCheck> {
  const key = s.resource ? 'Resource' : 'NotResource';
  const list = s.resource ?? s.notResource ?? [];
  for (let i = 0; i < list.length; i++) {
    const f = resourceFault(list[i], partition);
    if (f !== undefined) return { ...f, at: [{ value: key }, { index: i }] };
  }
  return undefined;
}

function actionsFormatFault(s: Statement): ReturnType<StatementCheck> {
  const key = s.action ? 'Action' : 'NotAction';
  const list = s.action ?? s.notAction ?? [];
  for (let i = 0; i < list.length; i++) {
    const f = actionFault(list[i]);
    if (f !== undefined) return { ...f, at: [{ value: key }, { index: i }] };
  }
  for (const [operator, keys] of Object.entries(s.condition ?? {})) {
    for (const key of Object.keys(keys)) {
      const f = conditionKeyFault(key);
      if (f !== undefined) return { ...f, at: [{ value: 'Condition' }, { value: operator }, { value: key }] };
    }
  }
  return undefined;
}

function resourcesPresenceFault(s: Statement): ReturnType<StatementCheck> {
  const resources = s.resource ?? s.notResource;
  if (resources === undefined)
    return fault(msg.RESOURCES_MISSING, 'MISSING_RESOURCE', DETAILS.missingResource);
  if (resources.length === 0) {
    const f = fault(msg.RESOURCES_MISSING, 'MISSING_RESOURCE', DETAILS.missingResource);
    return { ...f, at: [{ value: s.resource ? 'Resource' : 'NotResource' }] };
  }
  return undefined;
}

function trustActionsFault(s: Statement): ReturnType<StatementCheck> {
  const key = s.action ? 'Action' : 'NotAction';
  const list = s.action ?? s.notAction ?? [];
  const i = list.findIndex((a) => !TRUST_ACTIONS.has(a.toLowerCase()));
  if (i < 0) return undefined;
  const details = DETAILS.unsupportedAction(list[i], 'AWS::IAM::AssumeRolePolicyDocument');
  return {
    ...fault(msg.TRUST_ACTIONS, 'UNSUPPORTED_ACTION_IN_POLICY', details),
    at: [{ value: key }, { index: i }],
  };
}

function principalRequiredFault(s: Statement): ReturnType<StatementCheck> {
  if (s.principal !== undefined || s.notPrincipal !== undefined) return undefined;
  return fault(msg.PRINCIPAL_MISSING, 'MISSING_PRINCIPAL', DETAILS.missingPrincipal);
}

function principalValueFault(s: Statement, partition: string): ReturnType<StatementCheck> {
  const key = s.principal ? 'Principal' : 'NotPrincipal';
  const block = s.principal ?? s.notPrincipal;
  const f = block === undefined ? undefined : principalFault(block, partition);
  return f && { message: f.message, issue: f.issue, at: [{ value: key }, ...f.path] };
}
