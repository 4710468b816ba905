/**
 * IAM Access Analyzer's errors (botocore accessanalyzer/2019-11-01: ValidationException 400,
 * InvalidParameterException 400, AccessDeniedException 403, …), sent as restJson1 errors with
 * `x-amzn-ErrorType` and a `{"message"}` body; ValidationException also carries the `reason` its
 * model requires (and, for a member that failed its constraints, `fieldList`: wire/model/wording.ts).
 */
import { AwsError } from '../../wire/errors.js';
import { accessAnalyzerValidation } from '../../wire/model/wording.js';

/** A request Pinpost refuses in its own words; `other` is the model's reason for what fits no other. */
export const validationException = (message: string): AwsError => accessAnalyzerValidation(message, 'other');

export const invalidParameter = (message: string): AwsError =>
  new AwsError({ code: 'InvalidParameterException', status: 400, message });
