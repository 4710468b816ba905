/**
 * A message's outcome as Pinpoint reports it per recipient (MessageResult / EndpointMessageResult,
 * pinpoint/2016-12-01): DeliveryStatus, the downstream service's StatusCode and StatusMessage. The
 * downstream service of an email is SES, so a failed send reports SES's (or IAM's) HTTP status and
 * error text unchanged: what the user must fix is exactly what SES said.
 */
import { isAwsError } from '../../../wire/errors.js';
import type { SendOutcome } from '../ports.js';

/**
 * "StatusCode": 200, "StatusMessage": "MessageId: <id>": the success AWS shows for a direct message
 * (AWS CLI reference, pinpoint send-messages example output; developerguide/send-otp.html).
 */
export const sentOutcome = (messageId: string): SendOutcome => ({
  deliveryStatus: 'SUCCESSFUL',
  statusCode: 200,
  statusMessage: `MessageId: ${messageId}`,
  messageId,
});

/**
 * A key already in the delivery ledger: "DUPLICATE … Amazon Pinpoint won't attempt to send the
 * message again" (MessageResult.DeliveryStatus). The status code and text are Pinpost's wording;
 * the earlier message's id is reported so the caller can follow it.
 */
export const duplicateOutcome = (messageId: string): SendOutcome => ({
  deliveryStatus: 'DUPLICATE',
  statusCode: 409,
  statusMessage: `Message already sent: MessageId: ${messageId}`,
  messageId,
});

/** A refusal decided by Pinpoint itself (opted out, inactive, no channel): 400 and its reason. */
export const refusedOutcome = (
  deliveryStatus: 'OPT_OUT' | 'PERMANENT_FAILURE' | 'DUPLICATE',
  statusMessage: string,
  statusCode = 400,
): SendOutcome => ({ deliveryStatus, statusCode, statusMessage });

/**
 * SES's (or the authorizer's) error as a delivery status: throttling (429, `Throttling`) is
 * THROTTLED, a service fault (5xx) a TEMPORARY_FAILURE, anything else the caller must fix (400
 * MessageRejected, 403 AccessDenied, 404 NotFoundException) a PERMANENT_FAILURE. Anything that is
 * not an AWS error is an UNKNOWN_FAILURE ("An unknown error occurred.", DeliveryStatus docs).
 */
export function failedOutcome(err: unknown): SendOutcome {
  if (!isAwsError(err)) {
    return {
      deliveryStatus: 'UNKNOWN_FAILURE',
      statusCode: 500,
      statusMessage: 'An unknown error occurred.',
    };
  }
  const throttled = err.status === 429 || err.code === 'Throttling';
  const deliveryStatus = throttled
    ? 'THROTTLED'
    : err.status >= 500
      ? 'TEMPORARY_FAILURE'
      : 'PERMANENT_FAILURE';
  return {
    deliveryStatus,
    statusCode: throttled ? 429 : err.status,
    statusMessage: err.message,
    errorCode: err.code,
  };
}
