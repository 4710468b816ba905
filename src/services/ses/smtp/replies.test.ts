import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsError, accessDenied, internalFailure } from '../../../wire/errors.js';
import { replyForError, REPLIES } from './replies.js';

const USER = 'arn:aws:iam::111122223333:user/smtp';
const IDENTITY = 'arn:aws:ses:us-east-1:111122223333:identity/sender@example.com';

test("AccessDenied becomes SES's SMTP text, quoting the user, action and resource", () => {
  const denial = `User: ${USER} is not authorized to perform: ses:SendRawEmail on resource: ${IDENTITY} because no identity-based policy allows the ses:SendRawEmail action`;
  assert.deepEqual(replyForError(accessDenied(denial)), {
    code: 554,
    text: `Access denied: User \`${USER}' is not authorized to perform \`ses:SendRawEmail' on resource \`${IDENTITY}'`,
  });
  // SES v1 already words its denial as SES does: only the prefix is added.
  const sesWorded = `User \`${USER}' is not authorized to perform \`ses:SendRawEmail' on resource \`${IDENTITY}'`;
  assert.deepEqual(replyForError(accessDenied(sesWorded)), {
    code: 554,
    text: `Access denied: ${sesWorded}`,
  });
  assert.deepEqual(replyForError(accessDenied('Access to the resource is denied')), {
    code: 554,
    text: 'Access denied: Access to the resource is denied',
  });
});

test('MessageRejected keeps the API text after "Message rejected: "', () => {
  const text =
    'Email address is not verified. The following identities failed the check in region US-EAST-1: a@example.com';
  const err = new AwsError({ code: 'MessageRejected', status: 400, message: text });
  assert.deepEqual(replyForError(err), { code: 554, text: `Message rejected: ${text}` });
});

test('Throttling is a 454 "Throttling failure"', () => {
  for (const message of ['Maximum sending rate exceeded.', 'Daily message quota exceeded.']) {
    const err = new AwsError({ code: 'Throttling', status: 400, message });
    assert.deepEqual(replyForError(err), { code: 454, text: `Throttling failure: ${message}` });
  }
});

test('other client errors are "554 Transaction failed"; server errors and bugs a 451', () => {
  const invalid = new AwsError({ code: 'InvalidParameterValue', status: 400, message: 'Illegal address' });
  assert.deepEqual(replyForError(invalid), { code: 554, text: 'Transaction failed: Illegal address' });
  assert.deepEqual(replyForError(internalFailure()), REPLIES.temporaryFailure);
  assert.deepEqual(replyForError(new Error('boom')), { code: 451, text: 'Temporary service failure' });
});
