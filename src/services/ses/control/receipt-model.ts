/**
 * Receipt rule sets, receipt rules and IP address filters (SES v1 only; ses/2010-12-01 ReceiptRule,
 * ReceiptAction, ReceiptFilter). Stored in the wire's own shapes because no other API shows them:
 * a rule set is one document holding its rules in order (a set has at most 200, and every change
 * — create after, reorder, move — rewrites the order, so one document keeps each change a single
 * write); the active rule set and each filter are documents of their own. All under the store kind
 * `receipt`, told apart by `parent`.
 *
 * Quotas (dg/quotas.html, "Email receiving quotas"): 40 receipt rule sets per account and region,
 * 200 rules per rule set, 10 actions and 100 recipients per rule, 100 IP address filters.
 */
export const RECEIPT_KIND = 'receipt' as const;
export const RULE_SETS = 'ruleset';
export const FILTERS = 'filter';
export const ACTIVE = 'active';
export const ACTIVE_KEY = 'active';

export const MAX_RULE_SETS = 40;
export const MAX_RULES_PER_SET = 200;
export const MAX_ACTIONS_PER_RULE = 10;
export const MAX_RECIPIENTS_PER_RULE = 100;
export const MAX_FILTERS = 100;

/**
 * Names of rule sets, rules and filters (API_CreateReceiptRuleSet.html, API_ReceiptRule.html,
 * API_ReceiptFilter.html): ASCII letters, digits, underscores, dashes and periods, starting and
 * ending with a letter or digit, at most 64 characters.
 */
export const NAME_CHARS = '^[a-zA-Z0-9_.-]+$';
export const isValidName = (name: string): boolean =>
  name.length <= 64 && /^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]*[a-zA-Z0-9])?$/.test(name);

export interface S3ActionDoc {
  BucketName: string;
  ObjectKeyPrefix?: string;
  TopicArn?: string;
  KmsKeyArn?: string;
  IamRoleArn?: string;
}
export interface BounceActionDoc {
  SmtpReplyCode: string;
  StatusCode?: string;
  Message: string;
  Sender: string;
  TopicArn?: string;
}
export interface ReceiptActionDoc {
  S3Action?: S3ActionDoc;
  BounceAction?: BounceActionDoc;
  WorkmailAction?: { OrganizationArn: string; TopicArn?: string };
  LambdaAction?: { FunctionArn: string; InvocationType: 'Event' | 'RequestResponse'; TopicArn?: string };
  StopAction?: { Scope: 'RuleSet'; TopicArn?: string };
  AddHeaderAction?: { HeaderName: string; HeaderValue: string };
  SNSAction?: { TopicArn: string; Encoding: 'UTF-8' | 'Base64' };
  ConnectAction?: { InstanceARN: string; IAMRoleARN: string };
}
export type ActionType = keyof ReceiptActionDoc;
export const ACTION_TYPES: readonly ActionType[] = [
  'S3Action',
  'BounceAction',
  'WorkmailAction',
  'LambdaAction',
  'StopAction',
  'AddHeaderAction',
  'SNSAction',
  'ConnectAction',
];

export interface ReceiptRuleDoc {
  Name: string;
  Enabled: boolean;
  TlsPolicy: 'Require' | 'Optional';
  ScanEnabled: boolean;
  Recipients: string[];
  Actions: ReceiptActionDoc[];
}

export interface ReceiptRuleSetDoc {
  name: string;
  /** ISO-8601, the store's clock at creation (clones get their own). */
  created: string;
  rules: ReceiptRuleDoc[];
}

export interface ReceiptFilterDoc {
  Name: string;
  IpFilter: { Policy: 'Allow' | 'Block'; Cidr: string };
}

export interface ActiveDoc {
  name: string;
}
