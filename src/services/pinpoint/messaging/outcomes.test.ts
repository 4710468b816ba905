import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsError } from '../../../wire/errors.js';
import { duplicateOutcome, failedOutcome, sentOutcome } from './outcomes.js';

const err = (code: string, status: number, message = 'm') => new AwsError({ code, status, message });

test('a sent message: SUCCESSFUL, 200, "MessageId: <id>"', () => {
  assert.deepEqual(sentOutcome('0100-abc'), {
    deliveryStatus: 'SUCCESSFUL',
    statusCode: 200,
    statusMessage: 'MessageId: 0100-abc',
    messageId: '0100-abc',
  });
  assert.equal(duplicateOutcome('0100-abc').deliveryStatus, 'DUPLICATE');
  assert.equal(duplicateOutcome('0100-abc').messageId, '0100-abc');
});

test('SES and IAM errors keep their status, code and text; the status decides the delivery status', () => {
  assert.deepEqual(failedOutcome(err('AccessDenied', 403, 'User: x is not authorized')), {
    deliveryStatus: 'PERMANENT_FAILURE',
    statusCode: 403,
    statusMessage: 'User: x is not authorized',
    errorCode: 'AccessDenied',
  });
  assert.equal(failedOutcome(err('MessageRejected', 400)).deliveryStatus, 'PERMANENT_FAILURE');
  assert.equal(failedOutcome(err('TooManyRequestsException', 429)).deliveryStatus, 'THROTTLED');
  assert.deepEqual(
    [failedOutcome(err('Throttling', 400)).deliveryStatus, failedOutcome(err('Throttling', 400)).statusCode],
    ['THROTTLED', 429],
  );
  assert.equal(failedOutcome(err('InternalFailure', 500)).deliveryStatus, 'TEMPORARY_FAILURE');
});

test('anything else is an UNKNOWN_FAILURE that does not leak its text', () => {
  assert.deepEqual(failedOutcome(new Error('database is locked')), {
    deliveryStatus: 'UNKNOWN_FAILURE',
    statusCode: 500,
    statusMessage: 'An unknown error occurred.',
  });
});
