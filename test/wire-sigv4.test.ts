/**
 * SigV4 against a listening server: the real SDK signer, then one hand-built request per
 * authentication error. Texts from the STS/IAM CommonErrors pages and responses AWS users reported
 * (cited per test).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  ACCOUNT,
  EXPIRED_KEY,
  EXPIRED_TOKEN,
  presignedUrl,
  queryCall,
  SESSION_KEY,
  SESSION_SECRET,
  SESSION_TOKEN,
  signedFetch,
  startHarness,
  USER_KEY,
  USER_SECRET,
  xmlError,
  type Harness,
} from './wire-fixtures.js';

const GCI = { Action: 'GetCallerIdentity', Version: '2011-06-15' };
const MINUTES = 60_000;

describe('SigV4 through a listening server', () => {
  let h: Harness;
  let base: string;
  before(async () => {
    h = await startHarness();
    base = h.server.url;
  });
  after(() => h.close());

  it('@aws-sdk/client-sts signs GetCallerIdentity with test/test and gets the root of 000000000000', async () => {
    const sts = new STSClient({
      endpoint: base,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const out = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, ACCOUNT);
    assert.equal(out.Arn, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal(out.UserId, ACCOUNT);
    assert.match(
      out.$metadata.requestId ?? '',
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    sts.destroy();
  });

  it('the SDK parses our errors: a wrong secret rejects as SignatureDoesNotMatch with status 403', async () => {
    const sts = new STSClient({
      endpoint: base,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'wrong' },
    });
    await assert.rejects(
      sts.send(new GetCallerIdentityCommand({})),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, 'SignatureDoesNotMatch');
        assert.equal(e.$metadata?.httpStatusCode, 403);
        return true;
      },
    );
    sts.destroy();
  });

  it('the SDK recognises our skew error and corrects its clock offset from the Date header', async () => {
    const sts = new STSClient({
      endpoint: base,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      systemClockOffset: -20 * MINUTES,
    });
    // The first call fails with the skew error; the SDK takes the server's time from it.
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), { name: 'SignatureDoesNotMatch' });
    assert.ok(Math.abs(sts.config.systemClockOffset ?? 0) < 5 * MINUTES);
    const out = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, ACCOUNT);
    sts.destroy();
  });

  it('@aws-sdk/client-sts with session credentials (token signed) is the assumed role', async () => {
    const sts = new STSClient({
      endpoint: base,
      region: 'eu-west-1',
      credentials: { accessKeyId: SESSION_KEY, secretAccessKey: SESSION_SECRET, sessionToken: SESSION_TOKEN },
    });
    const out = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Sender/s1`);
    sts.destroy();
  });

  it('a wrong secret is SignatureDoesNotMatch 403 with AWS text (STS CommonErrors; boto/boto3#756)', async () => {
    const res = await queryCall(base, GCI, { accessKeyId: USER_KEY, secretAccessKey: 'wrong' });
    assert.equal(res.status, 403);
    assert.deepEqual(xmlError(res.text), {
      type: 'Sender',
      code: 'SignatureDoesNotMatch',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    });
  });

  it('a body changed after signing does not verify (the payload hash is signed)', async () => {
    const res = await signedFetch(base, {
      method: 'POST',
      path: '/',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      },
      body: new URLSearchParams(GCI).toString(),
    });
    // The client claimed the empty body's hash for a non-empty body.
    assert.equal(res.status, 403);
    assert.equal(xmlError(res.text).code, 'SignatureDoesNotMatch');
    const tampered = await fetchTampered(base);
    assert.equal(tampered.status, 403);
    assert.equal(xmlError(tampered.text).code, 'SignatureDoesNotMatch');
  });

  it('an unknown access key is InvalidClientTokenId 403 "The security token included in the request is invalid." (STS CommonErrors)', async () => {
    const res = await queryCall(base, GCI, { accessKeyId: 'AKIANOTKNOWN', secretAccessKey: 'x' });
    assert.equal(res.status, 403);
    assert.deepEqual(xmlError(res.text), {
      type: 'Sender',
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    });
  });

  it('a session (ASIA) key without its X-Amz-Security-Token is refused as InvalidClientTokenId', async () => {
    const res = await queryCall(base, GCI, { accessKeyId: SESSION_KEY, secretAccessKey: SESSION_SECRET });
    assert.equal(res.status, 403);
    assert.equal(xmlError(res.text).code, 'InvalidClientTokenId');
  });

  it('a session key with another token is InvalidClientTokenId', async () => {
    const res = await queryCall(base, GCI, {
      accessKeyId: SESSION_KEY,
      secretAccessKey: SESSION_SECRET,
      sessionToken: 'other',
    });
    assert.equal(res.status, 403);
    assert.equal(xmlError(res.text).code, 'InvalidClientTokenId');
  });

  it('an expired session is ExpiredToken 403 "The security token included in the request is expired" (AWS knowledge center sts-iam-token-expired)', async () => {
    const res = await queryCall(base, GCI, {
      accessKeyId: EXPIRED_KEY,
      secretAccessKey: SESSION_SECRET,
      sessionToken: EXPIRED_TOKEN,
    });
    assert.equal(res.status, 403);
    assert.deepEqual(xmlError(res.text), {
      type: 'Sender',
      code: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    });
  });

  it('no Authorization is MissingAuthenticationToken 403 "Request is missing Authentication Token" (IAM CommonErrors)', async () => {
    const res = await fetch(`${base}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(GCI).toString(),
    });
    assert.equal(res.status, 403);
    const text = await res.text();
    assert.match(text, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
    assert.deepEqual(xmlError(text), {
      type: 'Sender',
      code: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
    });
  });

  it("an unsigned IAM-versioned query answers in IAM's namespace (dispatch without credentials)", async () => {
    const res = await fetch(`${base}/?Action=ListRoles&Version=2010-05-08`);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"/);
  });

  it('an Authorization header lacking parts is IncompleteSignature 400 listing them (amazonka#316, SES)', async () => {
    const res = await fetch(`${base}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sts/aws4_request',
        'x-amz-date': '20240101T000000Z',
      },
      body: new URLSearchParams(GCI).toString(),
    });
    assert.equal(res.status, 400);
    assert.deepEqual(xmlError(await res.text()), {
      type: 'Sender',
      code: 'IncompleteSignature',
      message:
        "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sts/aws4_request",
    });
  });

  it('a request 20 minutes old is SignatureDoesNotMatch "Signature expired: … is now earlier than … (… - 15 min.)" (aws/aws-cli#6676)', async () => {
    const res = await queryCall(base, GCI, { signingDate: new Date(Date.now() - 20 * MINUTES) });
    assert.equal(res.status, 403);
    const err = xmlError(res.text);
    assert.equal(err.code, 'SignatureDoesNotMatch');
    assert.match(
      err.message ?? '',
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });

  it('a request 20 minutes ahead is SignatureDoesNotMatch "Signature not yet current: …"', async () => {
    const res = await queryCall(base, GCI, { signingDate: new Date(Date.now() + 20 * MINUTES) });
    assert.equal(res.status, 403);
    const err = xmlError(res.text);
    assert.equal(err.code, 'SignatureDoesNotMatch');
    assert.match(
      err.message ?? '',
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/,
    );
  });

  it('a request 10 minutes old is within the 15 minutes AWS tolerates (CommonErrors: RequestExpired)', async () => {
    const res = await queryCall(base, GCI, { signingDate: new Date(Date.now() - 10 * MINUTES) });
    assert.equal(res.status, 200);
  });

  it('a presigned GetCallerIdentity URL works', async () => {
    const url = await presignedUrl(base, GCI, { accessKeyId: USER_KEY, secretAccessKey: USER_SECRET });
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<Arn>arn:aws:iam::000000000000:user\/alice<\/Arn>/);
  });

  it('a presigned URL with a session token works', async () => {
    const url = await presignedUrl(base, GCI, {
      accessKeyId: SESSION_KEY,
      secretAccessKey: SESSION_SECRET,
      sessionToken: SESSION_TOKEN,
    });
    const res = await fetch(url);
    assert.equal(res.status, 200);
  });

  it('a presigned URL signed 20 minutes ago has expired: STS allows 15 minutes whatever X-Amz-Expires says (aws/aws-sdk-go#2167)', async () => {
    const url = await presignedUrl(base, GCI, {
      signingDate: new Date(Date.now() - 20 * MINUTES),
      expiresIn: 3600,
    });
    const res = await fetch(url);
    assert.equal(res.status, 403);
    const err = xmlError(await res.text());
    assert.equal(err.code, 'SignatureDoesNotMatch');
    assert.match(err.message ?? '', /^Signature expired: /);
  });

  it('a presigned URL with a changed parameter does not verify', async () => {
    const url = await presignedUrl(base, GCI);
    const res = await fetch(url.replace('GetCallerIdentity', 'Echo'));
    assert.equal(res.status, 403);
    assert.equal(xmlError(await res.text()).code, 'SignatureDoesNotMatch');
  });

  it('restJson1 errors use the JSON names: InvalidSignatureException, UnrecognizedClientException', async () => {
    const bad = await signedFetch(
      base,
      { method: 'GET', path: '/v2/email/identities/a%40b.com' },
      { service: 'ses', secretAccessKey: 'x' },
    );
    assert.equal(bad.status, 403);
    assert.equal(bad.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    const unknown = await signedFetch(
      base,
      { method: 'GET', path: '/v2/email/identities/a%40b.com' },
      { service: 'ses', accessKeyId: 'AKIANOPE' },
    );
    assert.equal(unknown.status, 403);
    assert.equal(unknown.headers.get('x-amzn-errortype'), 'UnrecognizedClientException');
    assert.deepEqual(JSON.parse(unknown.text), {
      message: 'The security token included in the request is invalid.',
    });
  });

  it('a percent-encoded path label verifies and decodes (SigV4 double-encodes non-S3 paths)', async () => {
    const res = await signedFetch(
      base,
      { method: 'GET', path: '/v2/email/identities/a%40b.com', query: { verbose: 'yes it is' } },
      { service: 'ses' },
    );
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.text).Input, { EmailIdentity: 'a@b.com', Verbose: 'yes it is' });
  });
});

/** Signs one body, sends another. */
async function fetchTampered(base: string): Promise<{ status: number; text: string }> {
  const { Sha256 } = await import('@aws-crypto/sha256-js');
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const url = new URL(base);
  const signer = new SignatureV4({
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    region: 'us-east-1',
    service: 'sts',
    sha256: Sha256,
  });
  const body = new URLSearchParams(GCI).toString();
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const res = await fetch(`${base}/`, { method: 'POST', headers: signed.headers, body: body + '&Extra=1' });
  return { status: res.status, text: await res.text() };
}
