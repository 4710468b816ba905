/**
 * IAM Access Analyzer's errors (botocore accessanalyzer/2019-11-01: ValidationException 400,
 * InvalidParameterException 400, AccessDeniedException 403, …), sent as restJson1 errors with
 * `x-amzn-ErrorType` and a `{"message"}` body. The model also gives ValidationException a `reason`
 * (cannotParse, fieldValidationFailed, …); Pinpost's body carries the message only.
 */
import { AwsError, validationError } from '../../wire/errors.js';

/** A request Pinpost refuses in the model step's words (wire/model/wording.ts, 'accessanalyzer'). */
export const validationException = (message: string): AwsError => validationError(message);

export const invalidParameter = (message: string): AwsError =>
  new AwsError({ code: 'InvalidParameterException', status: 400, message });
