/**
 * The checks of receipt rule sets, rules and filters that the model does not carry: a name's
 * characters (v1-malformed.ts: a ValidationError with the model's), then the service's own checks
 * (InvalidParameterValue): names starting and ending with a letter or digit, one action type per
 * ReceiptAction, the StopAction last (API_ReceiptRule.html), the CIDR of an IP filter
 * (API_ReceiptIpFilter.html).
 */
import { isIP } from 'node:net';
import { invalidParameterValue, v1LimitExceeded } from './errors.js';
import {
  ACTION_TYPES,
  isValidName,
  MAX_ACTIONS_PER_RULE,
  MAX_RECIPIENTS_PER_RULE,
  NAME_CHARS,
  type ReceiptActionDoc,
  type ReceiptFilterDoc,
  type ReceiptRuleDoc,
} from './receipt-model.js';
import type { ReceiptAction, ReceiptFilter, ReceiptRule } from '../../../wire/model/types/ses.js';
import { patternViolation } from './v1-malformed.js';
import type { Violation } from '../../../wire/model/violations.js';

/** A rule set's or rule's name (at `members`) breaking the characters AWS allows. */
export const namePattern = (members: string[], name: string | undefined): Violation[] =>
  patternViolation(members, name, NAME_CHARS);

/** A well-formed rule set's or rule's name: not empty, its ends and length. */
export function checkName(member: string, name: string | undefined): void {
  if (name === undefined) return;
  // "ruleSetName must not be empty" (boto/botocore#1759, a reply from AWS quoted).
  if (name === '') throw invalidParameterValue(`${member} must not be empty`);
  // "Not a valid ruleSetName: <name>" (floci-io/floci#2128, probed against AWS); the same form for
  // the other names is Pinpost's by analogy.
  if (!isValidName(name)) throw invalidParameterValue(`Not a valid ${member}: ${name}`);
}

const typesOf = (a: ReceiptAction) => ACTION_TYPES.filter((t) => a[t] !== undefined);

/** The `Rule` member of CreateReceiptRule and UpdateReceiptRule, once well-formed. */
export function checkRule(rule: ReceiptRule): void {
  if (!isValidName(rule.Name)) throw invalidParameterValue(`Not a valid ruleName: ${rule.Name}`);
  const actions = rule.Actions ?? [];
  if (actions.some((a) => typesOf(a).length !== 1))
    throw invalidParameterValue('Exactly one action type must be specified for each ReceiptAction');
  if (actions.slice(0, -1).some((a) => a.StopAction))
    throw invalidParameterValue('Stop action, if any, must be placed at the end of the actions list');
  // Pinpost's wording: the quota (dg/quotas.html) is AWS's, its refusal's text is not published.
  if (actions.length > MAX_ACTIONS_PER_RULE)
    throw v1LimitExceeded(`A receipt rule can have at most ${MAX_ACTIONS_PER_RULE} actions.`);
  if ((rule.Recipients ?? []).length > MAX_RECIPIENTS_PER_RULE)
    throw v1LimitExceeded(`A receipt rule can have at most ${MAX_RECIPIENTS_PER_RULE} recipients.`);
}

function actionDoc(a: ReceiptAction): ReceiptActionDoc {
  const { LambdaAction: lambda, SNSAction: sns, ...rest } = a;
  return {
    ...rest,
    // InvocationType defaults to Event (API_LambdaAction.html), Encoding to UTF-8 (API_SNSAction.html).
    ...(lambda && { LambdaAction: { ...lambda, InvocationType: lambda.InvocationType ?? 'Event' } }),
    ...(sns && { SNSAction: { ...sns, Encoding: sns.Encoding ?? 'UTF-8' } }),
  };
}

/** A checked rule as it is stored, with AWS's defaults filled in. */
export function ruleDoc(rule: ReceiptRule): ReceiptRuleDoc {
  return {
    Name: rule.Name,
    Enabled: rule.Enabled ?? false,
    TlsPolicy: rule.TlsPolicy ?? 'Optional',
    ScanEnabled: rule.ScanEnabled ?? false,
    // AWS answers recipients sorted, whatever order they were sent in (floci-io/floci#3119, probed).
    Recipients: [...new Set(rule.Recipients ?? [])].sort(),
    Actions: (rule.Actions ?? []).map(actionDoc),
  };
}

/** An IPv4 or IPv6 address, or a CIDR block whose mask is in range for its family. */
export function isCidr(text: string): boolean {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return false;
  if (slash < 0) return true;
  const mask = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(mask)) return false;
  return Number(mask) <= (family === 4 ? 32 : 128);
}

/**
 * A receipt filter's own checks, once authorized (the model already required its name, policy and
 * CIDR and the policy's enum). "Not a valid filterName" and "Invalid CIDR block"
 * (floci-io/floci#3163, probed against AWS).
 */
export function checkFilter(f: ReceiptFilter): ReceiptFilterDoc {
  if (!isValidName(f.Name)) throw invalidParameterValue(`Not a valid filterName: ${f.Name}`);
  if (!isCidr(f.IpFilter.Cidr)) throw invalidParameterValue('Invalid CIDR block');
  return { Name: f.Name, IpFilter: { Policy: f.IpFilter.Policy, Cidr: f.IpFilter.Cidr } };
}
