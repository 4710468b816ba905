/**
 * IAM's own errors, with the codes and statuses of the IAM model (botocore iam/2010-05-08:
 * NoSuchEntityException is sent as `NoSuchEntity` 404, and so on) and the texts IAM sends.
 */
import { AwsError } from '../../wire/errors.js';

const iamError = (code: string, status: number, message: string, type: 'Sender' | 'Receiver' = 'Sender') =>
  new AwsError({ code, status, message, type });

export const noSuchEntity = (message: string) => iamError('NoSuchEntity', 404, message);
export const entityAlreadyExists = (message: string) => iamError('EntityAlreadyExists', 409, message);
export const deleteConflict = (message: string) => iamError('DeleteConflict', 409, message);
export const limitExceeded = (message: string) => iamError('LimitExceeded', 409, message);
export const malformedPolicyDocument = (message: string) => iamError('MalformedPolicyDocument', 400, message);
export const invalidInput = (message: string) => iamError('InvalidInput', 400, message);
export const policyNotAttachable = (message: string) => iamError('PolicyNotAttachable', 400, message);
export const unmodifiableEntity = (message: string) => iamError('UnmodifiableEntity', 400, message);
export const policyEvaluation = (message: string) => iamError('PolicyEvaluation', 500, message, 'Receiver');
export const concurrentModification = (message: string) => iamError('ConcurrentModification', 409, message);
export const passwordPolicyViolation = (message: string) => iamError('PasswordPolicyViolation', 400, message);
export const keyPairMismatch = (message: string) => iamError('KeyPairMismatch', 400, message);
export const malformedCertificate = (message: string) => iamError('MalformedCertificate', 400, message);
export const duplicateSshPublicKey = (message: string) => iamError('DuplicateSSHPublicKey', 400, message);
export const invalidPublicKey = (message: string) => iamError('InvalidPublicKey', 400, message);
export const unrecognizedPublicKeyEncoding = (message: string) =>
  iamError('UnrecognizedPublicKeyEncoding', 400, message);
export const duplicateCertificate = (message: string) => iamError('DuplicateCertificate', 409, message);
export const invalidAuthenticationCode = (message: string) =>
  iamError('InvalidAuthenticationCode', 403, message);
export const entityTemporarilyUnmodifiable = (message: string) =>
  iamError('EntityTemporarilyUnmodifiable', 409, message);
export const invalidUserType = (message: string) => iamError('InvalidUserType', 400, message);
export const notSupportedService = (message: string) => iamError('NotSupportedService', 404, message);
export const reportNotPresent = (message: string) => iamError('ReportNotPresent', 410, message);
export const reportExpired = (message: string) => iamError('ReportExpired', 410, message);
export const reportInProgress = (message: string) => iamError('ReportInProgress', 404, message);
