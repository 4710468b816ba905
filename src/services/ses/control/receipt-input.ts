/**
 * Reading a ReceiptRule and a ReceiptFilter from an awsQuery request, with the checks AWS makes
 * before it looks at the account: the model's required members, enums and name pattern as one
 * ValidationError (member paths as AWS writes them, `rule.actions.1.member.s3Action.bucketName`),
 * then the service's own checks (InvalidParameterValue): one action type per ReceiptAction, the
 * StopAction last, names starting and ending with a letter or digit (API_ReceiptRule.html), the
 * CIDR of an IP filter (API_ReceiptIpFilter.html).
 */
import { isIP } from 'node:net';
import type { Constraint } from '../../shared/constraints.js';
import { invalidParameterValue, v1LimitExceeded } from './errors.js';
import { bool, check, list, obj, str, strings, type Raw } from './input.js';
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
import type { ReceiptFilter } from '../../../wire/model/types/ses.js';

type Member = [string, unknown, Constraint];
const NAME: Constraint = { required: true, pattern: NAME_CHARS };

/** A rule set's or rule's name: the pattern (ValidationError), then the ends and length. */
export function checkName(member: string, name: string | undefined): string {
  check('v1', [[member, name, NAME]]);
  const n = name as string;
  // "ruleSetName must not be empty" (boto/botocore#1759, a reply from AWS quoted).
  if (n === '') throw invalidParameterValue(`${member} must not be empty`);
  // "Not a valid ruleSetName: <name>" (floci-io/floci#2128, probed against AWS); the same form for
  // the other names is Pinpost's by analogy.
  if (!isValidName(n)) throw invalidParameterValue(`Not a valid ${member}: ${n}`);
  return n;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function actionMembers(n: number, type: string, a: Raw): Member[] {
  const at = (m: string) => `rule.actions.${n}.member.${lowerFirst(type)}.${lowerFirst(m)}`;
  const req = (m: string): Member => [at(m), str(a, m), { required: true }];
  switch (type) {
    case 'S3Action':
      return [req('BucketName')];
    case 'BounceAction':
      return [req('SmtpReplyCode'), req('Message'), req('Sender')];
    case 'WorkmailAction':
      return [req('OrganizationArn')];
    case 'LambdaAction':
      return [
        req('FunctionArn'),
        [at('InvocationType'), str(a, 'InvocationType'), { enum: ['Event', 'RequestResponse'] }],
      ];
    case 'StopAction':
      return [[at('Scope'), str(a, 'Scope'), { required: true, enum: ['RuleSet'] }]];
    case 'AddHeaderAction':
      return [req('HeaderName'), req('HeaderValue')];
    case 'SNSAction':
      return [req('TopicArn'), [at('Encoding'), str(a, 'Encoding'), { enum: ['UTF-8', 'Base64'] }]];
    case 'ConnectAction':
      return [req('InstanceARN'), req('IAMRoleARN')];
    default:
      return [];
  }
}

const optional = (a: Raw, m: string) => (str(a, m) === undefined ? {} : { [m]: str(a, m) });

function actionDoc(type: string, a: Raw): ReceiptActionDoc {
  const s = (m: string) => str(a, m) as string;
  switch (type) {
    case 'S3Action':
      return {
        S3Action: {
          BucketName: s('BucketName'),
          ...optional(a, 'ObjectKeyPrefix'),
          ...optional(a, 'TopicArn'),
          ...optional(a, 'KmsKeyArn'),
          ...optional(a, 'IamRoleArn'),
        },
      };
    case 'BounceAction':
      return {
        BounceAction: {
          SmtpReplyCode: s('SmtpReplyCode'),
          ...optional(a, 'StatusCode'),
          Message: s('Message'),
          Sender: s('Sender'),
          ...optional(a, 'TopicArn'),
        },
      };
    case 'WorkmailAction':
      return { WorkmailAction: { OrganizationArn: s('OrganizationArn'), ...optional(a, 'TopicArn') } };
    case 'LambdaAction':
      // InvocationType defaults to Event (API_LambdaAction.html).
      return {
        LambdaAction: {
          FunctionArn: s('FunctionArn'),
          InvocationType: (str(a, 'InvocationType') ?? 'Event') as 'Event',
          ...optional(a, 'TopicArn'),
        },
      };
    case 'StopAction':
      return { StopAction: { Scope: 'RuleSet', ...optional(a, 'TopicArn') } };
    case 'AddHeaderAction':
      return { AddHeaderAction: { HeaderName: s('HeaderName'), HeaderValue: s('HeaderValue') } };
    case 'SNSAction':
      // Encoding defaults to UTF-8 (API_SNSAction.html).
      return { SNSAction: { TopicArn: s('TopicArn'), Encoding: (str(a, 'Encoding') ?? 'UTF-8') as 'UTF-8' } };
    default:
      return { ConnectAction: { InstanceARN: s('InstanceARN'), IAMRoleARN: s('IAMRoleARN') } };
  }
}

/** The `Rule` member of CreateReceiptRule and UpdateReceiptRule. */
export function parseRule(raw: Raw): ReceiptRuleDoc {
  const r = obj(raw, 'Rule');
  check('v1', [['rule', r, { required: true }]]);
  const rule = r as Raw;
  const name = str(rule, 'Name');
  const tls = str(rule, 'TlsPolicy');
  const actions = (list(rule, 'Actions') ?? []).map((a) => (a && typeof a === 'object' ? (a as Raw) : {}));
  const typesOf = (a: Raw) => ACTION_TYPES.filter((t) => obj(a, t) !== undefined);
  check('v1', [
    ['rule.name', name, NAME],
    ['rule.tlsPolicy', tls, { enum: ['Require', 'Optional'] }],
    ...actions.flatMap((a, i) => {
      const types = typesOf(a);
      return types.length === 1 ? actionMembers(i + 1, types[0], obj(a, types[0]) as Raw) : [];
    }),
  ]);
  if (!isValidName(name as string)) throw invalidParameterValue(`Not a valid ruleName: ${name}`);
  if (actions.some((a) => typesOf(a).length !== 1))
    throw invalidParameterValue('Exactly one action type must be specified for each ReceiptAction');
  const docs = actions.map((a) => {
    const type = typesOf(a)[0];
    return actionDoc(type, obj(a, type) as Raw);
  });
  if (docs.slice(0, -1).some((d) => d.StopAction))
    throw invalidParameterValue('Stop action, if any, must be placed at the end of the actions list');
  // Pinpost's wording: the quota (dg/quotas.html) is AWS's, its refusal's text is not published.
  if (docs.length > MAX_ACTIONS_PER_RULE)
    throw v1LimitExceeded(`A receipt rule can have at most ${MAX_ACTIONS_PER_RULE} actions.`);
  const recipients = strings(rule, 'Recipients') ?? [];
  if (recipients.length > MAX_RECIPIENTS_PER_RULE)
    throw v1LimitExceeded(`A receipt rule can have at most ${MAX_RECIPIENTS_PER_RULE} recipients.`);
  return {
    Name: name as string,
    Enabled: bool(rule, 'Enabled') ?? false,
    TlsPolicy: (tls ?? 'Optional') as ReceiptRuleDoc['TlsPolicy'],
    ScanEnabled: bool(rule, 'ScanEnabled') ?? false,
    // AWS answers recipients sorted, whatever order they were sent in (floci-io/floci#3119, probed).
    Recipients: [...new Set(recipients)].sort(),
    Actions: docs,
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

/** The `Filter` member of CreateReceiptFilter. */
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
