import { OPS, VARS, runTable, type Case } from './fixtures.test.js';

const K = 'aws:SourceArn';
const c = (
  op: string,
  policy: string[],
  request: string | undefined,
  want: boolean,
  name: string,
  page = OPS,
): Case => ({
  name: `${op} ${JSON.stringify(policy)} vs ${request ?? 'absent'}: ${name}`,
  page,
  block: { [op]: { [K]: policy } },
  ctx: request === undefined ? {} : { [K]: request },
  want,
});
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:TOPIC-ID';
const APP = 'arn:aws:mobiletargeting:us-east-1:111122223333:apps/0123abcd';

runTable('ARN condition operators', [
  c('ArnEquals', [TOPIC], TOPIC, true, "the page's SNS topic example"),
  c('ArnEquals', [TOPIC], TOPIC.replace('TOPIC', 'topic'), false, 'case-sensitive'),
  c(
    'ArnEquals',
    ['arn:aws:sns:*:123456789012:*'],
    TOPIC,
    true,
    'ArnEquals takes wildcards like ArnLike ("behave identically")',
  ),
  c('ArnLike', ['arn:aws:mobiletargeting:us-east-1:111122223333:apps/*'], APP, true, 'resource prefix'),
  c(
    'ArnLike',
    ['arn:aws:mobiletargeting:us-east-1:111122223333:apps/*'],
    APP.replace('111122223333', '999999999999'),
    false,
    'other account',
  ),
  c('ArnLike', ['arn:aws:mobiletargeting:*:111122223333:*'], APP, true, 'wildcard region and resource'),
  c('ArnLike', ['arn:aws:mobiletargeting:us-east-?:111122223333:*'], APP, true, '? within a component'),
  c(
    'ArnLike',
    ['arn:aws:mobiletargeting:us-east-?:111122223333:*'],
    APP.replace('us-east-1', 'us-east-10'),
    false,
    '? is exactly one character',
  ),
  // The page: with ArnLike "the first asterisk matches only us-east-2" and the match fails.
  c(
    'ArnLike',
    ['arn:aws:someservice:*:111122223333:finance/*'],
    'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt',
    false,
    "the page's example: * stays within its component",
  ),
  c(
    'ArnLike',
    ['arn:aws:s3:::bucket/*'],
    'arn:aws:s3:::bucket/a:b:c',
    true,
    'the resource component holds colons',
  ),
  c('ArnLike', ['arn:aws:s3:::bucket'], 'arn:aws:s3:::bucket', true, 'empty region and account components'),
  c('ArnLike', ['arn:aws:s3:::bucket'], 'arn:aws:s3:::bucketx', false, 'exact resource'),
  c('ArnLike', ['arn:*:s3:::*'], 'arn:aws-cn:s3:::b', true, 'partition wildcard'),
  c(
    'ArnLike',
    ['arn:aws:iam::*:role/*'],
    'arn:aws:iam::111122223333:role/path/R',
    true,
    'IAM role with a path',
  ),
  c(
    'ArnLike',
    ['arn:aws:iam::*:role/*'],
    'arn:aws:iam:us-east-1:111122223333:role/R',
    false,
    'non-empty region does not match an empty component',
  ),
  c('ArnLike', ['*'], APP, false, 'a value with fewer than six components is not an ARN pattern'),
  c('ArnLike', ['arn:aws:s3:::*'], 'not-an-arn', false, 'request value not an ARN'),
  c('ArnNotLike', ['arn:aws:s3:::*'], 'not-an-arn', false, 'not an ARN: negated does not match either'),
  c('ArnLike', [TOPIC, APP], APP, true, 'values are ORed'),
  c('ArnLike', [APP], undefined, false, 'absent key does not match'),
  c('ArnLikeIfExists', [APP], undefined, true, 'IfExists: absent key matches'),
  c('ArnNotEquals', [TOPIC], APP, true, 'different ARN matches'),
  c('ArnNotEquals', [TOPIC], TOPIC, false, 'same ARN does not match'),
  c(
    'ArnNotLike',
    ['arn:aws:sns:*:*:*', 'arn:aws:sqs:*:*:*'],
    TOPIC,
    false,
    'negated: matching any pattern fails',
  ),
  c('ArnNotLike', ['arn:aws:sqs:*:*:*'], TOPIC, true, 'negated: other service matches'),
  c('ArnNotLike', ['arn:aws:sqs:*:*:*'], undefined, true, 'negated: absent key matches'),
  {
    name: 'ArnLike resolves policy variables ("You can use a policy variable with the ARN condition operator")',
    page: OPS,
    block: { ArnLike: { [K]: ['arn:aws:mobiletargeting:*:${aws:SourceAccount}:apps/*'] } },
    ctx: { [K]: APP, 'aws:SourceAccount': '111122223333' },
    want: true,
  },
  {
    name: 'ArnEquals with a variable naming another account does not match',
    page: VARS,
    block: { ArnEquals: { [K]: ['arn:aws:mobiletargeting:us-east-1:${aws:SourceAccount}:apps/0123abcd'] } },
    ctx: { [K]: APP, 'aws:SourceAccount': '999999999999' },
    want: false,
  },
  {
    name: 'ArnLike with an unresolvable variable does not match',
    page: VARS,
    block: { ArnLike: { [K]: ['arn:aws:mobiletargeting:*:${aws:SourceAccount}:apps/*'] } },
    ctx: { [K]: APP },
    want: false,
  },
]);
