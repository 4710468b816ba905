/**
 * Pinpoint's errors (pinpoint/2016-12-01 model: BadRequestException 400, ForbiddenException 403,
 * NotFoundException 404, …), sent as `{"Message","RequestID"}` with `x-amzn-ErrorType`.
 */
import { AwsError } from '../../wire/errors.js';

export const notFound = (message: string): AwsError =>
  new AwsError({ code: 'NotFoundException', status: 404, message });

export const badRequest = (message: string): AwsError =>
  new AwsError({ code: 'BadRequestException', status: 400, message });

/**
 * A missing app. "Application not found" is the text moto 5.2.1 sends (moto/pinpoint/exceptions.py,
 * ApplicationNotFound); not yet checked against AWS itself.
 */
export const APP_NOT_FOUND = 'Application not found';

/**
 * A missing child of an existing app (a channel not set up, an unknown endpoint). "Resource not
 * found" is what Pinpoint answers for them (moto's EventStreamNotFound uses the same words).
 */
export const RESOURCE_NOT_FOUND = 'Resource not found';
