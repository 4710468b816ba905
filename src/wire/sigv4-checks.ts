/**
 * What AWS checks of a parsed signature before it reads the body, in AWS's order (recorded from
 * AWS by mhart/dynalite, index.js): the request's date against the clock, `host` among the signed
 * headers, the credential scope (region, service, terminator, date) with every wrong part named in
 * one message, then the key, its session token and the session's expiry. The signature itself,
 * which needs the body, is sigv4.ts's.
 */
import { PARTITIONS } from '../iam/policy/partitions.js';
import {
  expiredToken,
  hostNotSigned,
  invalidClientTokenId,
  incompleteSignature,
  signatureDoesNotMatch,
  signatureExpired,
  signatureNotYetCurrent,
  SKEW_MS,
} from './auth-errors.js';
import type { CredentialResolver, ResolvedCredentials } from './credentials.js';
import type { Protocol } from './operation.js';
import type { SigV4Params } from './sigv4-parse.js';

export interface ScopeRules {
  protocol: Protocol;
  /** The signing name the scope must carry (`pinpost` for internal routes); any when undefined. */
  service?: string;
  /**
   * Whether X-Amz-Expires bounds a presigned URL. STS ignores it: a presigned STS URL lives 15
   * minutes from X-Amz-Date whatever it says, even 0 (aws/aws-sdk-go#2167;
   * kubernetes-sigs/aws-iam-authenticator#160 and #753, whose tokens carried X-Amz-Expires=0 and
   * worked; aws/aws-sdk-ruby#2887: "the expiration parameter is not considered").
   */
  honourExpires: boolean;
}

/**
 * The two times a request is judged by. `receivedAt` is real time: the request's date (and a
 * presigned URL's expiry) is the client's signing time, which is real, so the window compares real
 * with real whatever the server's clock says. `now` is the one clock (src/clock/): a session ends
 * when that clock passes its expiration, as it would on AWS after that much time.
 */
export interface RequestTimes {
  readonly receivedAt: Date;
  readonly now: Date;
}

/** The regions of every partition (botocore's list, src/iam/policy/partitions.ts). */
const REGIONS = new Set(PARTITIONS.flatMap((p) => p.regions));

export function isKnownRegion(region: string): boolean {
  return REGIONS.has(region);
}

/** AWS's text for a scope region it does not serve (quoted below). */
export const wrongRegion = (region: string): string =>
  `Credential should be scoped to a valid region, not '${region}'. `;

/**
 * Everything but the signature, in AWS's order; returns the credentials the signature must verify
 * against, or throws AWS's error.
 */
export async function checkCredentials(
  params: SigV4Params,
  resolver: CredentialResolver,
  at: RequestTimes,
  rules: ScopeRules,
): Promise<ResolvedCredentials> {
  checkScope(params, at.receivedAt, rules);
  const creds = await resolver.resolve(params.accessKeyId);
  if (!creds) throw invalidClientTokenId();
  // A session key needs its own token; a long-term key takes none. AWS answers both with
  // InvalidClientTokenId ("The security token included in the request is invalid.").
  if (creds.sessionToken !== params.securityToken) throw invalidClientTokenId();
  if (creds.expiration && creds.expiration.getTime() <= at.now.getTime()) throw expiredToken();
  return creds;
}

/** Throws AWS's error for the first check that fails. */
export function checkScope(params: SigV4Params, now: Date, rules: ScopeRules): void {
  checkDate(params, now, rules);
  if (!params.signedHeaders.includes('host')) throw hostNotSigned();
  const wrong: string[] = [];
  // Each part ends with ". ", the date part with "." (AWS's texts: "Credential should be scoped to
  // a valid region, not 'eu-west-1'. " in joona/aws-es-curl#15, aws/aws-sdk-go#156; the service
  // part in cllunsford/aws-signing-proxy#25; all four joined in mhart/dynalite's recording).
  if (!isKnownRegion(params.region)) wrong.push(wrongRegion(params.region));
  if (rules.service !== undefined && params.service !== rules.service) {
    wrong.push(`Credential should be scoped to correct service: '${rules.service}'. `);
  }
  if (params.terminator !== 'aws4_request') {
    wrong.push(
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${params.terminator}'. `,
    );
  }
  const isoDay = params.signingDate.toISOString().slice(0, 10).replace(/-/g, '');
  if (isoDay !== params.scopeDate) {
    wrong.push(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
        `'${params.scopeDate}' != '${isoDay}', from '${params.dateText}'.`,
    );
  }
  if (wrong.length > 0) throw signatureDoesNotMatch(wrong.join(''));
}

/**
 * AWS accepts a request dated within 15 minutes of its clock. A presigned URL also ends at
 * X-Amz-Date + X-Amz-Expires where the service honours it; AWS documents that lifetime for every
 * SigV4 query signature (AmazonS3/latest/API/sigv4-query-string-auth.html) but not whether IAM,
 * SES and Pinpoint let it run past the 15 minutes. Pinpost's rule for them: the shorter of the two
 * windows, so X-Amz-Expires can shorten a URL's life and never lengthen it.
 */
function checkDate(params: SigV4Params, now: Date, rules: ScopeRules): void {
  let window = SKEW_MS;
  if (params.kind === 'query' && rules.honourExpires && params.expiresText !== undefined) {
    // S3's text for a value that is not a number of seconds (minio/minio-js#1312); AWS documents
    // none for the other services.
    if (params.expires === undefined)
      throw incompleteSignature('X-Amz-Expires should be a number', rules.protocol);
    window = Math.min(window, params.expires * 1000);
  }
  const delta = now.getTime() - params.signingDate.getTime();
  if (delta > window) throw signatureExpired(params.dateText, now, window);
  if (delta < -SKEW_MS) throw signatureNotYetCurrent(params.dateText, now);
}
