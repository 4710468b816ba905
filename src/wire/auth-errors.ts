/**
 * The authentication failures, with AWS's codes, statuses and texts. awsQuery services (IAM, STS,
 * SES v1) and restJson1 services (SES v2, Pinpoint) name some of them differently; `jsonCode` holds
 * the restJson1 name (the name Coral's JSON services use).
 */
import { AwsError } from './errors.js';

/**
 * No Authorization header and no X-Amz-Algorithm query parameter. "Request is missing
 * Authentication Token" is the text IAM/STS send; CommonErrors lists MissingAuthenticationToken
 * with 403. restJson1 services send `MissingAuthenticationTokenException` with "Missing
 * Authentication Token".
 */
export const missingAuthenticationToken = (protocol: 'query' | 'restJson'): AwsError =>
  new AwsError({
    code: 'MissingAuthenticationToken',
    jsonCode: 'MissingAuthenticationTokenException',
    status: 403,
    message:
      protocol === 'query' ? 'Request is missing Authentication Token' : 'Missing Authentication Token',
  });

/**
 * An Authorization header lacking parts. AWS lists each missing part then echoes the header:
 * "Authorization header requires 'Signature' parameter. Authorization header requires
 * 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=ABCDEF" — seen from SES v1
 * with HTTP 400 (brendanhay/amazonka#316); CommonErrors: IncompleteSignature, 400. restJson1
 * services send `IncompleteSignatureException` (403 in the newer CommonErrors pages).
 */
export const incompleteSignature = (message: string, protocol: 'query' | 'restJson'): AwsError =>
  new AwsError({
    code: 'IncompleteSignature',
    jsonCode: 'IncompleteSignatureException',
    status: protocol === 'query' ? 400 : 403,
    message,
  });

/**
 * An access key AWS does not know, or a session key whose token is missing or wrong. "The security
 * token included in the request is invalid." (STS/IAM InvalidClientTokenId, 403; JSON services
 * send UnrecognizedClientException with the same text).
 */
export const invalidClientTokenId = (): AwsError =>
  new AwsError({
    code: 'InvalidClientTokenId',
    jsonCode: 'UnrecognizedClientException',
    status: 403,
    message: 'The security token included in the request is invalid.',
  });

/**
 * A session past its expiration: "The security token included in the request is expired" (STS
 * ExpiredToken, 403; CommonErrors of JSON services: ExpiredTokenException, 403, same text).
 */
export const expiredToken = (): AwsError =>
  new AwsError({
    code: 'ExpiredToken',
    jsonCode: 'ExpiredTokenException',
    status: 403,
    message: 'The security token included in the request is expired',
  });

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
  'Access Key and signing method. Consult the service documentation for details.';

/**
 * A signature that does not verify. Query services: SignatureDoesNotMatch, 403; JSON services:
 * InvalidSignatureException, 403 — same text (e.g. boto/boto3#756 shows STS's).
 */
export const signatureDoesNotMatch = (message: string = SIGNATURE_MISMATCH): AwsError =>
  new AwsError({
    code: 'SignatureDoesNotMatch',
    jsonCode: 'InvalidSignatureException',
    status: 403,
    message,
  });

/**
 * A request dated more than 15 minutes before the server's clock. STS/IAM send it as
 * SignatureDoesNotMatch, 403: "Signature expired: 20160609T184512Z is now earlier than
 * 20160610T013008Z (20160610T014508Z - 15 min.)" (aws/aws-cli#6676, devsecops/bootcamp#101). JSON
 * services send the same text as InvalidSignatureException. The AWS SDKs detect skew from it and
 * correct their clock. Services with another window write it in (EC2: "(… - 5 min.)", seen in
 * cloudfoundry's bosh docs), so a presigned URL whose X-Amz-Expires is shorter says its own window
 * ("- 90 sec." when not whole minutes: the formatter scratchstack-aws-signature copies).
 */
export const signatureExpired = (signed: string, now: Date, windowMs: number = SKEW_MS): AwsError =>
  signatureDoesNotMatch(
    `Signature expired: ${signed} is now earlier than ${amzDate(new Date(now.getTime() - windowMs))} ` +
      `(${amzDate(now)} - ${windowText(windowMs)}.)`,
  );

function windowText(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} sec`;
}

/**
 * A signature that does not cover the Host header: "'Host' must be a 'SignedHeader' in the AWS
 * Authorization." (InvalidSignatureException, as mhart/dynalite recorded from AWS; awsQuery's
 * name for it is SignatureDoesNotMatch).
 */
export const hostNotSigned = (): AwsError =>
  signatureDoesNotMatch("'Host' must be a 'SignedHeader' in the AWS Authorization.");

/**
 * A request dated more than 15 minutes after the server's clock: "Signature not yet current:
 * 20230102T110000Z is still later than 20230102T104305Z (20230102T102805Z + 15 min.)" — the
 * counterpart of the above, as AWS reports it for clocks running ahead.
 */
export const signatureNotYetCurrent = (signed: string, now: Date): AwsError =>
  signatureDoesNotMatch(
    `Signature not yet current: ${signed} is still later than ${amzDate(new Date(now.getTime() + SKEW_MS))} ` +
      `(${amzDate(now)} + 15 min.)`,
  );

/**
 * Pinpost's own rule, in AWS's AccessDenied shape so SDKs show it: a browser page of another site
 * (a foreign Origin) can send a form or a presigned URL, never an Authorization header (Pinpost
 * grants no CORS preflight), so such requests are refused unless signed in that header, and all of
 * them under `--iam off`, where signatures are not checked (issue 9, finding 12: cross-site forms
 * created users and keys).
 */
export const crossSiteRefused = (origin: string, iamOff: boolean): AwsError =>
  new AwsError({
    code: 'AccessDenied',
    jsonCode: 'AccessDeniedException',
    status: 403,
    message: iamOff
      ? `Cross-site request refused: a page of ${origin} may not call Pinpost while --iam is off.`
      : `Cross-site request refused: a page of ${origin} may call Pinpost only with a request signed in the Authorization header.`,
  });

/**
 * Pinpost's own rule, in AWS's AccessDenied shape: on loopback a request must name this server in
 * `Host` (a localhost name or the listen address), else it may be a page that re-pointed its own
 * name at 127.0.0.1 (DNS rebinding) and would read the answers (src/server/host-check.ts).
 */
export const misdirectedHost = (host: string | undefined): AwsError =>
  new AwsError({
    code: 'AccessDenied',
    jsonCode: 'AccessDeniedException',
    status: 403,
    message:
      `Host ${host === undefined ? '(none)' : `'${host}'`} is not a name of this server: on loopback Pinpost ` +
      `answers to localhost, *.localhost, 127.0.0.1, [::1] and its listen address only (DNS rebinding protection).`,
  });

/** AWS tolerates 15 minutes of clock difference (CommonErrors: RequestExpired). */
export const SKEW_MS = 15 * 60 * 1000;

/** `20160610T013008Z`: SigV4's basic ISO 8601 form, which AWS's messages use. */
export function amzDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
