/**
 * Verifies AWS Signature Version 4 by recomputing it with @smithy/signature-v4, the signer the SDK
 * itself uses, over exactly the headers the client signed and the body as received.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  expiredToken,
  invalidClientTokenId,
  signatureDoesNotMatch,
  signatureExpired,
  signatureNotYetCurrent,
  SKEW_MS,
} from './auth-errors.js';
import type { CredentialResolver, ResolvedCredentials } from './credentials.js';
import type { RawRequest } from './context.js';
import { NodeSha256 } from './sha256.js';
import type { SigV4Params } from './sigv4-parse.js';

export type { CredentialResolver, ResolvedCredentials } from './credentials.js';

/**
 * Checks the request's credentials and signature; returns the credentials it verified against or
 * throws AWS's error. Order: unknown key, session token, session expiry, clock skew, signature.
 */
export async function verifySigV4(
  request: RawRequest,
  query: Record<string, string | string[]>,
  params: SigV4Params,
  resolver: CredentialResolver,
  now: Date,
): Promise<ResolvedCredentials> {
  const creds = resolver.resolve(params.accessKeyId);
  if (!creds) throw invalidClientTokenId();
  // A session key needs its own token; a long-term key takes none. AWS answers both with
  // InvalidClientTokenId ("The security token included in the request is invalid.").
  if (creds.sessionToken !== params.securityToken) throw invalidClientTokenId();
  if (creds.expiration && creds.expiration.getTime() <= now.getTime()) throw expiredToken();
  checkSkew(params, now);
  // The signer refuses more than a week (SigV4's own limit); such a URL cannot be valid.
  if (params.expires !== undefined && params.expires > 604800) throw signatureDoesNotMatch();
  checkPayloadHash(request);
  const expected = await computeSignature(request, query, params, creds);
  const a = Buffer.from(expected);
  const b = Buffer.from(params.signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw signatureDoesNotMatch();
  return creds;
}

/**
 * AWS accepts a request dated within 15 minutes of its clock. Presigned STS/IAM URLs get the same
 * 15 minutes from X-Amz-Date whatever X-Amz-Expires says (aws/aws-sdk-go#2167,
 * kubernetes-sigs/aws-iam-authenticator#160), and the same "Signature expired" text.
 */
function checkSkew(params: SigV4Params, now: Date): void {
  const delta = now.getTime() - params.signingDate.getTime();
  if (delta > SKEW_MS) throw signatureExpired(params.dateText, now);
  if (delta < -SKEW_MS) throw signatureNotYetCurrent(params.dateText, now);
}

async function computeSignature(
  request: RawRequest,
  query: Record<string, string | string[]>,
  params: SigV4Params,
  creds: ResolvedCredentials,
): Promise<string> {
  // The session token is not given to the signer: it is already in the headers or query the
  // client signed, and the signer would otherwise add it where the client may not have.
  const signer = new SignatureV4({
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
    region: params.region,
    service: params.service,
    sha256: NodeSha256,
    applyChecksum: false,
    uriEscapePath: true,
  });
  const signed = new Set(params.signedHeaders);
  const headers: Record<string, string> = {};
  for (const name of params.signedHeaders) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const base = {
    method: request.method,
    protocol: request.secure ? 'https:' : 'http:',
    hostname: request.headers['host'] ?? '',
    path: pathOnly(request.path),
    headers,
    body: request.body,
  };
  if (params.kind === 'header') {
    const out = await signer.sign(
      { ...base, query },
      { signingDate: params.signingDate, signableHeaders: signed },
    );
    return /Signature=([0-9a-f]+)/.exec(String(out.headers['authorization']))?.[1] ?? '';
  }
  const rest: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(query)) if (k !== 'X-Amz-Signature') rest[k] = v;
  const out = await signer.presign(
    { ...base, query: rest },
    {
      signingDate: params.signingDate,
      expiresIn: params.expires ?? 900,
      signableHeaders: signed,
      // Keep signed headers where the client put them: presign would otherwise hoist x-amz-*.
      unhoistableHeaders: new Set(Object.keys(headers)),
    },
  );
  return String(out.query?.['X-Amz-Signature'] ?? '');
}

/**
 * The signer trusts a client's x-amz-content-sha256; the body must really have that hash, or a body
 * swapped after signing would verify. (S3 reports XAmzContentSHA256Mismatch; other services only
 * know the signature failed.)
 */
function checkPayloadHash(request: RawRequest): void {
  const claimed = request.headers['x-amz-content-sha256'];
  if (claimed === undefined || claimed === 'UNSIGNED-PAYLOAD') return;
  if (createHash('sha256').update(request.body).digest('hex') !== claimed) throw signatureDoesNotMatch();
}

function pathOnly(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q);
}
