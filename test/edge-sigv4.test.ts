/**
 * SigV4 as AWS checks it for IAM, STS, SES and Pinpoint (issue 9, finding 11), through a listening
 * server: the payload hash is always the body's, `host` must be signed, the scope's region must be
 * one AWS has, and X-Amz-Expires ends a presigned URL (not for STS, which ignores it).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  presignedUrl,
  queryCall,
  signedFetch,
  startHarness,
  xmlError,
  type Harness,
} from './wire-fixtures.js';

const GCI = { Action: 'GetCallerIdentity', Version: '2011-06-15' };
const MINUTES = 60_000;

/** Signs `signedBody` with the given headers (host only when `signHost`), sends `sentBody`. */
async function signAndSend(
  base: string,
  opts: { signedBody: string; sentBody: string; headers?: Record<string, string>; signHost?: boolean },
): Promise<{ status: number; text: string }> {
  const url = new URL(base);
  const signer = new SignatureV4({
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    region: 'us-east-1',
    service: 'sts',
    sha256: Sha256,
  });
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    ...(opts.headers ?? {}),
  };
  if (opts.signHost !== false) headers['host'] = url.host;
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    path: '/',
    headers,
    body: opts.signedBody,
  });
  const res = await fetch(`${base}/`, { method: 'POST', headers: signed.headers, body: opts.sentBody });
  return { status: res.status, text: await res.text() };
}

describe('SigV4 gaps (finding 11)', () => {
  let h: Harness;
  let base: string;
  before(async () => {
    h = await startHarness();
    base = h.server.url;
  });
  after(() => h.close());

  it('a request signed with x-amz-content-sha256: UNSIGNED-PAYLOAD does not run another body', async () => {
    const body = new URLSearchParams(GCI).toString();
    const swapped = new URLSearchParams({ Action: 'DeleteThing', Version: '2011-06-15' }).toString();
    const res = await signAndSend(base, {
      signedBody: body,
      sentBody: swapped,
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    assert.equal(res.status, 403);
    assert.equal(xmlError(res.text).code, 'SignatureDoesNotMatch');
    assert.ok(!h.calls.includes('sts:DeleteThing'), 'the swapped body ran');
  });

  it("a signature that leaves out host is refused: \"'Host' must be a 'SignedHeader' in the AWS Authorization.\" (mhart/dynalite)", async () => {
    const body = new URLSearchParams(GCI).toString();
    const res = await signAndSend(base, { signedBody: body, sentBody: body, signHost: false });
    assert.equal(res.status, 403);
    assert.deepEqual(xmlError(res.text), {
      type: 'Sender',
      code: 'SignatureDoesNotMatch',
      message: "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    });
  });

  it('an unknown region is refused: "Credential should be scoped to a valid region, not \'us-east-12\'. " (aws/aws-sdk-go#156)', async () => {
    const sts = new STSClient({
      endpoint: base,
      region: 'us-east-12',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (e: Error) => {
      assert.equal(e.name, 'SignatureDoesNotMatch');
      assert.equal(e.message, "Credential should be scoped to a valid region, not 'us-east-12'. ");
      return true;
    });
    sts.destroy();
  });

  it('an empty region is refused, in the JSON shape for restJson services', async () => {
    const res = await signedFetch(
      base,
      { method: 'GET', path: '/v2/email/identities/a%40b.com' },
      { service: 'ses', region: '' },
    );
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    assert.deepEqual(JSON.parse(res.text), {
      message: "Credential should be scoped to a valid region, not ''. ",
    });
  });

  // A known region of another partition is not a signature error; the aws account's key is unknown
  // there ("Accounts and credentials for other Amazon Regions will not work for services operating
  // in the China (Beijing) and China (Ningxia) Regions", docs.amazonaws.cn general-info.html).
  it('a region of another partition is an address, where an aws key is unknown (cn-north-1)', async () => {
    const res = await queryCall(base, GCI, { region: 'cn-north-1' });
    assert.equal(res.status, 403);
    assert.deepEqual(xmlError(res.text), {
      type: 'Sender',
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    });
  });

  it('X-Amz-Expires=60 ends a presigned SES URL a minute after X-Amz-Date', async () => {
    const path = '/v2/email/identities/a%40b.com';
    const fresh = await presignedUrl(base, {}, { service: 'ses', path, expiresIn: 60 });
    assert.equal((await fetch(fresh)).status, 200);
    const stale = await presignedUrl(
      base,
      {},
      { service: 'ses', path, expiresIn: 60, signingDate: new Date(Date.now() - 2 * MINUTES) },
    );
    const res = await fetch(stale);
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    const { message } = (await res.json()) as { message: string };
    assert.match(
      message,
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 1 min\.\)$/,
    );
  });

  it('STS ignores X-Amz-Expires: a URL with X-Amz-Expires=60 works two minutes on (kubernetes-sigs/aws-iam-authenticator#160)', async () => {
    const url = await presignedUrl(base, GCI, {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 2 * MINUTES),
    });
    assert.equal((await fetch(url)).status, 200);
  });
});
