import assert from 'node:assert/strict';
import { it } from 'node:test';
import { AwsError } from './errors.js';
import { parseSigV4, scopeService } from './sigv4-parse.js';

const AUTH =
  'AWS4-HMAC-SHA256 Credential=AKID/20240102/eu-west-1/ses/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';

it('parses the Authorization header', () => {
  const p = parseSigV4({ authorization: AUTH, 'x-amz-date': '20240102T030405Z' }, {}, 'query');
  assert.ok(!(p instanceof AwsError));
  assert.equal(p.accessKeyId, 'AKID');
  assert.equal(p.region, 'eu-west-1');
  assert.equal(p.service, 'ses');
  assert.deepEqual(p.signedHeaders, ['host', 'x-amz-date']);
  assert.equal(p.signingDate.toISOString(), '2024-01-02T03:04:05.000Z');
});

it('reports every missing part as AWS does (aws/chalice#828)', () => {
  const p = parseSigV4({ authorization: 'Bearer xyz' }, {}, 'query') as AwsError;
  assert.equal(p.code, 'IncompleteSignature');
  assert.equal(
    p.message,
    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
      "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either " +
      "a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer xyz",
  );
});

it('a malformed credential is IncompleteSignature', () => {
  const p = parseSigV4(
    {
      authorization: 'AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=a',
      'x-amz-date': '20240102T000000Z',
    },
    {},
    'query',
  ) as AwsError;
  assert.equal(p.code, 'IncompleteSignature');
});

it('reads the scope service from the header or the presigned query', () => {
  assert.deepEqual(scopeService({ authorization: AUTH }, {}), { region: 'eu-west-1', service: 'ses' });
  assert.deepEqual(scopeService({}, { 'X-Amz-Credential': 'K/20240101/us-east-1/sts/aws4_request' }), {
    region: 'us-east-1',
    service: 'sts',
  });
  assert.deepEqual(scopeService({}, {}), {});
});
