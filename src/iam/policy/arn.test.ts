import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatArn, parseArn } from './arn.js';

// Format and examples: docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
const valid = [
  {
    name: 'SES identity (pinpoint/developerguide/permissions-ses.html)',
    text: 'arn:aws:ses:us-east-1:111122223333:identity/*',
    arn: {
      partition: 'aws',
      service: 'ses',
      region: 'us-east-1',
      account: '111122223333',
      resource: 'identity/*',
    },
  },
  {
    name: 'IAM role: empty region (reference-arns.html)',
    text: 'arn:aws:iam::123456789012:role/path/Name',
    arn: {
      partition: 'aws',
      service: 'iam',
      region: '',
      account: '123456789012',
      resource: 'role/path/Name',
    },
  },
  {
    name: 'S3 bucket: empty region and account (reference-arns.html)',
    text: 'arn:aws:s3:::my-bucket/key:with:colons',
    arn: { partition: 'aws', service: 's3', region: '', account: '', resource: 'my-bucket/key:with:colons' },
  },
  {
    name: 'CloudWatch Logs: resource holds colons (reference-arns.html)',
    text: 'arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:g:log-stream:s',
    arn: {
      partition: 'aws-us-gov',
      service: 'logs',
      region: 'us-gov-west-1',
      account: '123456789012',
      resource: 'log-group:g:log-stream:s',
    },
  },
  {
    name: 'empty resource part is still five colons (reference-arns.html)',
    text: 'arn:aws-cn:sns:cn-north-1:123456789012:',
    arn: { partition: 'aws-cn', service: 'sns', region: 'cn-north-1', account: '123456789012', resource: '' },
  },
];

for (const c of valid) {
  test(`parseArn: ${c.name}`, () => {
    assert.deepEqual(parseArn(c.text), c.arn);
  });
  test(`formatArn round-trips: ${c.name}`, () => {
    assert.equal(formatArn(c.arn), c.text);
  });
}

const invalid = [
  { name: 'not an ARN at all', text: '*' },
  { name: 'too few fields (reference-arns.html: six fields)', text: 'arn:aws:s3' },
  { name: 'wrong prefix', text: 'urn:aws:s3:::bucket' },
  { name: 'four colons only', text: 'arn:aws:iam::123456789012' },
];
for (const c of invalid) {
  test(`parseArn refuses: ${c.name}`, () => {
    assert.equal(parseArn(c.text), undefined);
  });
}
