/**
 * The policy language's shared types. Each stage of the engine (parse → validate → compile →
 * evaluate → explain) reads and writes these; nothing here does I/O.
 */

import type { CheckIssue } from './check-catalog.js';

/** The kinds of policy IAM distinguishes when it validates and evaluates. */
export type PolicyType =
  | 'identity' // inline policy of a user, group or role (size limit depends on `inlineOwner`)
  | 'managed' // customer managed policy
  | 'resource' // resource-based policy (S3 bucket policy, SES identity policy, …)
  | 'trust' // role trust policy (AssumeRolePolicyDocument)
  | 'boundary' // permissions boundary (a managed policy used as one)
  | 'scp' // AWS Organizations service control policy
  | 'rcp' // AWS Organizations resource control policy
  | 'session'; // session policy passed to AssumeRole / GetFederationToken

export const POLICY_TYPES: readonly PolicyType[] = [
  'identity',
  'managed',
  'resource',
  'trust',
  'boundary',
  'scp',
  'rcp',
  'session',
];

/** Whose inline policy an `identity` policy is: IAM's size quotas differ per owner. */
export type InlineOwner = 'user' | 'group' | 'role';

/**
 * IAM's Position shape (API_Position.html): Line and Column of a statement's first and last
 * character in the document as submitted. Both are 1-based, as the IAM simulator reports them.
 */
export interface SourcePosition {
  line: number;
  column: number;
}

/** Access Analyzer's PathElement (API_PathElement.html): an array index, a key, or a key's value. */
export type PathElement = { index: number } | { key: string } | { value: string };

/** Access Analyzer's Position (API_Position.html): line from 1, column from 0, offset from 0. */
export interface SpanPosition {
  line: number;
  column: number;
  offset: number;
}

/**
 * Where a fault is, in Access Analyzer's Location shape (API_Location.html: a path through the
 * JSON and a span, start inclusive and end exclusive, API_Span.html), with Pinpost's own words
 * for what is wrong there (`detail`). IAM's answer on the wire carries none of this.
 */
export interface PolicyLocation {
  path: PathElement[];
  span: { start: SpanPosition; end: SpanPosition };
  detail: string;
  /** The same fault as Access Analyzer's finding (check-catalog.ts), when it has one. */
  issue?: CheckIssue;
}

/** `"*"` or a map of principal type (`AWS`, `Service`, `Federated`, `CanonicalUser`) to values. */
export type PrincipalBlock = '*' | Record<string, string[]>;

/**
 * A statement's Condition block: operator (as written, e.g. `ForAnyValue:StringLike`) → context
 * key (as written) → values. JSON numbers and booleans are kept as their string form, as IAM
 * converts them before comparing.
 */
export type ConditionBlock = Record<string, Record<string, string[]>>;

export interface Statement {
  /** 0-based position in the Statement array (or 0 when Statement is a single object). */
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  principal?: PrincipalBlock;
  notPrincipal?: PrincipalBlock;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  condition?: ConditionBlock;
  start: SourcePosition;
  end: SourcePosition;
}

export interface PolicyDocument {
  /** `2012-10-17`, `2008-10-17`, or undefined when absent (IAM then treats it as 2008-10-17). */
  version?: string;
  id?: string;
  statements: Statement[];
}

/**
 * The value of one context key in a request. `list` marks a multivalued key (IAM's `...List`
 * ContextKeyType, or a key AWS documents as multivalued such as `aws:TagKeys`).
 */
export interface ContextValue {
  values: string[];
  list: boolean;
  /** IAM's ContextKeyType without the List suffix; `string` when unknown. */
  type?: ContextKeyType;
}

export type ContextKeyType = 'string' | 'numeric' | 'boolean' | 'ip' | 'binary' | 'date';

/** Context keys of a request, keyed by the lower-cased key name (IAM key names are case-insensitive). */
export type RequestContextKeys = Map<string, ContextValue>;

/** What kind of principal is making the request (as `aws:PrincipalType` names it, plus Service). */
export type PrincipalKind = 'Account' | 'User' | 'AssumedRole' | 'FederatedUser' | 'Service' | 'Anonymous';

/** The principal making a request, as policies' Principal elements see it. */
export interface Caller {
  kind: PrincipalKind;
  /**
   * The principal's ARN (`arn:aws:iam::111122223333:user/path/name`,
   * `arn:aws:sts::111122223333:assumed-role/RoleName/session`, `arn:aws:iam::111122223333:root`),
   * or the service principal's name (`pinpoint.amazonaws.com`) for `Service`.
   */
  arn: string;
  /** The account the principal belongs to; undefined for service principals and anonymous. */
  account?: string;
  /** For an assumed-role session: the role's ARN with its path (`arn:aws:iam::1:role/path/R`). */
  roleArn?: string;
  /** For a web-identity or SAML session: the identity provider (`Federated` principal value). */
  federatedProvider?: string;
}

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';
