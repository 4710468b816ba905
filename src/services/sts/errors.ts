/**
 * STS's own errors: codes and statuses from the STS model (botocore sts/2011-06-15 service-2.json:
 * MalformedPolicyDocumentException is sent as `MalformedPolicyDocument` 400,
 * PackedPolicyTooLargeException as `PackedPolicyTooLarge` 400) and the texts STS sends.
 */
import { AwsError, accessDenied, validationError } from '../../wire/errors.js';

export const malformedPolicyDocument = (message: string): AwsError =>
  new AwsError({ code: 'MalformedPolicyDocument', status: 400, message });

/**
 * "Packed size of session tags consumes 142% of allotted space." (aws/containers-roadmap#2413,
 * aws-actions/configure-aws-credentials#1803). The same wording is used for the session policies'
 * share, whose reports we have not found verbatim.
 */
export const packedPolicyTooLarge = (what: 'session tags' | 'session policies', percent: number): AwsError =>
  new AwsError({
    code: 'PackedPolicyTooLarge',
    status: 400,
    message: `Packed size of ${what} consumes ${percent}% of allotted space.`,
  });

/** DurationSeconds over the role's MaxSessionDuration (kreuzwerker/awsu#27, many reports). */
export const exceedsMaxSessionDuration = (): AwsError =>
  validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');

/**
 * DurationSeconds over one hour when the caller's own credentials are temporary: role chaining
 * (API_AssumeRole.html, DurationSeconds; aws/eks-anywhere#9485, 99designs/aws-vault#263 — the
 * latter also with GetSessionToken credentials, mmmorris1975/aws-runas#11).
 */
export const exceedsChainingLimit = (): AwsError =>
  validationError(
    'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
  );

/**
 * GetSessionToken must be called with long-term credentials (API_GetSessionToken.html); AWS
 * answers "Cannot call GetSessionToken with session credentials" (aws/aws-sdk-net#1704,
 * aws/aws-sdk-js#3670).
 */
export const sessionCredentialsRefused = (operation: string): AwsError =>
  accessDenied(`Cannot call ${operation} with session credentials`);

/**
 * A SerialNumber and TokenCode that do not prove MFA: AWS's text, two spaces and all, as the AWS
 * CLI shows it for GetSessionToken (aws/aws-cli#6325, broamski/aws-mfa#46).
 */
export const mfaFailed = (): AwsError =>
  accessDenied(
    'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
  );

/** AWS's denial of sts:AssumeRole, which also answers for a role that does not exist. */
export const assumeRoleDenied = (principalArn: string, roleArn: string): AwsError =>
  accessDenied(`User: ${principalArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);

/**
 * "You cannot use AWS account root user credentials to call AssumeRole. You must use credentials
 * for an IAM user or an IAM role." (API_AssumeRole.html); STS answers AccessDenied with this text.
 */
export const rootCannotAssumeRoles = (): AwsError =>
  accessDenied('Roles may not be assumed by root accounts.');

/** InvalidIdentityToken (400): the web identity token is not one STS accepts (InvalidIdentityTokenException). */
export const invalidIdentityToken = (message: string): AwsError =>
  new AwsError({ code: 'InvalidIdentityToken', status: 400, message });

/**
 * ExpiredTokenException (400) for a web identity token past its `exp`, in STS's words: "Token
 * expired: current date/time 1731098245 must be before the expiration date/time 1731095240"
 * (aws/aws-sdk-java-v2#5709).
 */
export const webIdentityTokenExpired = (now: number, exp: number): AwsError =>
  new AwsError({
    code: 'ExpiredTokenException',
    status: 400,
    message: `Token expired: current date/time ${now} must be before the expiration date/time ${exp}`,
  });

/** IDPRejectedClaim (403): the identity provider's claims are refused (IDPRejectedClaimException). */
export const idpRejectedClaim = (message: string): AwsError =>
  new AwsError({ code: 'IDPRejectedClaim', status: 403, message });

/**
 * A RoleArn the model accepts that names no role (an OIDC provider's or a certificate's ARN):
 * "ValidationError: Request ARN is invalid", refused before the role is looked up or the request
 * authorized (AssumeRoleWithSAML: physera/onelogin-aws-cli#12; AssumeRoleWithWebIdentity, the
 * provider's ARN passed as the role's: aws-actions/configure-aws-credentials troubleshooting notes).
 */
export const invalidRequestArn = (): AwsError => validationError('Request ARN is invalid');
