/**
 * Verifies AWS Signature Version 4 by recomputing it with @smithy/signature-v4, the signer the SDK
 * itself uses, over exactly the headers the client signed and the body as received.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { signatureDoesNotMatch } from './auth-errors.js';
import type { CredentialResolver, ResolvedCredentials } from './credentials.js';
import type { RawRequest } from './context.js';
import { NodeSha256 } from './sha256.js';
import type { SigV4Params } from './sigv4-parse.js';
import { checkCredentials, type RequestTimes, type ScopeRules } from './sigv4-checks.js';

export type { CredentialResolver, ResolvedCredentials } from './credentials.js';
export type { ScopeRules } from './sigv4-checks.js';

/**
 * Checks the request's credentials (checkCredentials) and then its signature over the body as
 * received; returns the credentials it verified against or throws AWS's error.
 */
export async function verifySigV4(
  request: RawRequest,
  query: Record<string, string | string[]>,
  params: SigV4Params,
  resolver: CredentialResolver,
  at: RequestTimes,
  rules: ScopeRules,
): Promise<ResolvedCredentials> {
  const creds = await checkCredentials(params, resolver, at, rules);
  // The signer refuses more than a week (SigV4's own limit); such a URL cannot be valid.
  if (params.expires !== undefined && params.expires > 604800) throw signatureDoesNotMatch();
  checkPayloadHash(request);
  const expected = await computeSignature(request, query, params, creds);
  const a = Buffer.from(expected);
  const b = Buffer.from(params.signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw signatureDoesNotMatch();
  return creds;
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
 * The signer takes the payload hash from a client's x-amz-content-sha256 when there is one. IAM,
 * STS, SES and Pinpoint sign the body itself: the canonical request carries the hash of the body
 * received, so any other claim (`UNSIGNED-PAYLOAD`, `STREAMING-…`, a wrong hex) cannot verify, or a
 * body swapped after signing would. (Only S3 accepts those values and reports
 * XAmzContentSHA256Mismatch; other services only know the signature failed.)
 */
function checkPayloadHash(request: RawRequest): void {
  const claimed = request.headers['x-amz-content-sha256'];
  if (claimed === undefined) return;
  if (createHash('sha256').update(request.body).digest('hex') !== claimed) throw signatureDoesNotMatch();
}

function pathOnly(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q);
}
