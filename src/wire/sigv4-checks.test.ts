import assert from 'node:assert/strict';
import { it } from 'node:test';
import { AwsError } from './errors.js';
import { checkScope, type ScopeRules } from './sigv4-checks.js';
import { parseSigV4, type SigV4Params } from './sigv4-parse.js';

const NOW = new Date('2024-01-02T03:04:05Z');
const RULES: ScopeRules = { protocol: 'query', honourExpires: true };

function params(
  credential: string,
  signedHeaders = 'host;x-amz-date',
  date = '20240102T030405Z',
): SigV4Params {
  const p = parseSigV4(
    {
      authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=${signedHeaders}, Signature=abc`,
      'x-amz-date': date,
    },
    {},
    'query',
  );
  assert.ok(!(p instanceof AwsError));
  return p;
}

const failure = (p: SigV4Params, rules = RULES): AwsError => {
  try {
    checkScope(p, NOW, rules);
  } catch (e) {
    return e as AwsError;
  }
  assert.fail('accepted');
};

it('accepts a well-formed scope in a known region', () => {
  checkScope(params('AKID/20240102/eu-west-1/ses/aws4_request'), NOW, RULES);
  checkScope(params('AKID/20240102/cn-north-1/ses/aws4_request'), NOW, RULES);
});

it('a scope date other than the request date is refused', () => {
  const e = failure(params('AKID/20240103/us-east-1/ses/aws4_request'));
  assert.equal(e.code, 'SignatureDoesNotMatch');
  assert.equal(
    e.message,
    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240103' != '20240102', from '20240102T030405Z'.",
  );
});

// "Credential should be scoped to a valid region, not 'eu-west-1'. " (joona/aws-es-curl#15,
// aws/aws-sdk-go#156); the parts joined as mhart/dynalite recorded them.
it('an empty or unknown region is refused with AWS text, every wrong part named in order', () => {
  assert.equal(
    failure(params('AKID/20240102//ses/aws4_request')).message,
    "Credential should be scoped to a valid region, not ''. ",
  );
  assert.equal(
    failure(params('AKID/20240102/us-east-12/ses/aws4_request')).message,
    "Credential should be scoped to a valid region, not 'us-east-12'. ",
  );
  const all = failure(params('AKID/20240103/moon-1/ses/aws5_request'), { ...RULES, service: 'pinpost' });
  assert.equal(all.code, 'SignatureDoesNotMatch');
  assert.equal(
    all.message,
    "Credential should be scoped to a valid region, not 'moon-1'. Credential should be scoped to correct service: 'pinpost'. " +
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240103' != '20240102', from '20240102T030405Z'.",
  );
});

it("a signature without host is refused: \"'Host' must be a 'SignedHeader' in the AWS Authorization.\" (mhart/dynalite)", () => {
  const e = failure(params('AKID/20240102/us-east-1/ses/aws4_request', 'x-amz-date'));
  assert.equal(e.code, 'SignatureDoesNotMatch');
  assert.equal(e.jsonCode, 'InvalidSignatureException');
  assert.equal(e.message, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
});

function presigned(expires: string, date: string): SigV4Params {
  const p = parseSigV4(
    {},
    {
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `AKID/${date.slice(0, 8)}/us-east-1/iam/aws4_request`,
      'X-Amz-Date': date,
      'X-Amz-Expires': expires,
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': 'abc',
    },
    'query',
  );
  assert.ok(!(p instanceof AwsError));
  return p;
}

it('X-Amz-Expires ends a presigned URL before the 15 minutes, with the window in the text', () => {
  const e = failure(presigned('90', '20240102T030200Z'));
  assert.equal(e.code, 'SignatureDoesNotMatch');
  assert.equal(
    e.message,
    'Signature expired: 20240102T030200Z is now earlier than 20240102T030235Z (20240102T030405Z - 90 sec.)',
  );
  assert.match(failure(presigned('60', '20240102T030200Z')).message, /\(20240102T030405Z - 1 min\.\)$/);
  checkScope(presigned('600', '20240102T030200Z'), NOW, RULES);
});

it('X-Amz-Expires never lengthens a URL past 15 minutes; STS ignores it (aws/aws-sdk-go#2167)', () => {
  const old = presigned('3600', '20240102T024000Z');
  assert.match(failure(old).message, /\(20240102T030405Z - 15 min\.\)$/);
  const sts = { ...RULES, honourExpires: false };
  checkScope(presigned('0', '20240102T030200Z'), NOW, sts);
  assert.match(failure(old, sts).message, /- 15 min\.\)$/);
});

it('an X-Amz-Expires that is not a number is IncompleteSignature', () => {
  const e = failure(presigned('soon', '20240102T030200Z'));
  assert.equal(e.code, 'IncompleteSignature');
});
