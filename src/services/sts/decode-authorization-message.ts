/**
 * DecodeAuthorizationMessage (API_DecodeAuthorizationMessage.html) decodes the encoded message of
 * an AWS denial ("Encoded authorization failure message: …"), which only some services send (EC2's
 * UnauthorizedOperation; IAM, STS, SES and Pinpoint deny in plain text, and so do Pinpost's). The
 * encoding is AWS's own encryption, so a message can only be decoded by the service that issued
 * it; Pinpost issues none, and answers every message with InvalidAuthorizationMessageException,
 * as STS does for one it did not issue. It requires sts:DecodeAuthorizationMessage on `*`.
 */
import { AwsError } from '../../wire/errors.js';
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import type { InputOf, DecodeAuthorizationMessageResponse } from '../../wire/model/types/sts.js';

export function decodeAuthorizationMessageOperation(): OperationSpec {
  return defineOperation<InputOf<'DecodeAuthorizationMessage'>, DecodeAuthorizationMessageResponse>({
    name: 'DecodeAuthorizationMessage',
    action: 'sts:DecodeAuthorizationMessage',
    resources: () => ['*'],
    handler: () => {
      // InvalidAuthorizationMessageException, 400 (STS model); the text is Pinpost's.
      throw new AwsError({
        code: 'InvalidAuthorizationMessageException',
        status: 400,
        message:
          'The message is not an encoded authorization message Pinpost issued: Pinpost encodes none of its denials.',
      });
    },
  });
}
